import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type IssueTokenOptions, createTokenService } from './auth/tokens';
import { startNatsPresence } from './bus/nats-presence';
import { natsSubjects } from './bus/nats-subjects';
import type { DomainContext } from './domain/context';
import { DeliveryBatcher } from './domain/delivery-batcher';
import { pruneUnattachedMedia } from './domain/media';
import { flushDeliveries } from './domain/read-horizon';
import { Presence } from './domain/presence';
import { presenceAnnouncer } from './domain/presence-announcer';
import { isPostgresUrl, openBus, openStorage } from './engines';
import { busEventFromLog } from './hub/logged-event';
import { apiKeyAuthenticator } from './domain/api-keys';
import { apiGate } from './http/api-auth';
import { createHttpServer } from './http/http-server';
import { Hub } from './hub/hub';
import { type ResolvedOptions, type ServerOptions, resolveOptions } from './options';
import { Gateway, WS_PATH } from './socket/gateway';
import { openFileMediaStore, temporaryMediaDirectory } from './media/file-media-store';
import type { MediaStore } from './media/media-store';
import { createUrlSigner } from './media/signed-url';
import { Notifier } from './push/notifier';
import { httpPushGateway } from './push/push-gateway';
import { Teardown } from './teardown';
import { OutboxDelivery } from './webhooks/outbox-delivery';
import { PreEventCaller } from './webhooks/pre-event-caller';
import { WebhookHttp } from './webhooks/webhook-http';
import { WebhookSettings } from './webhooks/webhook-settings';

/** A running server. */
export interface RunningServer {
  /** The WebSocket URL clients connect to (`ws://host:port/v1/ws`). */
  readonly url: string;
  /** The base URL of the HTTP endpoints (`http://host:port`). */
  readonly httpUrl: string;
  /** The port it listens on. */
  readonly port: number;
  /** Issues an access token for `identity` (JWT HS256 signed with the server's secret). */
  issueToken(identity: string, options?: IssueTokenOptions): Promise<string>;
  /** Closes every session (1001 going away), finishes in-flight writes, closes the database. */
  close(): Promise<void>;
}

/** A gap in the seqs a hub receives is read from the log once it stays open this long. */
const GAP_FILL_MS = 1000;
/** Events read from the log at a time when a gap is filled. */
const FILL_PAGE = 1000;

/**
 * Starts a Conversations server: HTTP and WebSocket on one port, SQLite storage, events
 * fanned out in process; or, with a PostgreSQL `database` and a NATS `bus`, one node of a
 * cluster (docs/scaling.md). Every option is optional (see {@link ServerOptions}).
 *
 * @example
 * const server = await startServer({ database: './chat.db' });
 * const token = await server.issueToken('alice');
 * // connect a client to server.url with the token, then: await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const resolved = resolveOptions(options, () => randomBytes(32));
  const teardown = new Teardown();
  try {
    return await start(resolved, teardown);
  } catch (error) {
    await teardown.run().catch(() => undefined);
    throw error;
  }
}

/** Starts the server, adding to `teardown` the step that undoes each thing as it is done. */
async function start(resolved: ResolvedOptions, teardown: Teardown): Promise<RunningServer> {
  const { logger } = resolved;
  const nodeId = randomUUID();
  const mediaStore = await openMediaStore(resolved);
  teardown.add(() => mediaStore.close());
  const storage = await openStorage(resolved, (error) => logger.error('publishing events failed', error));
  teardown.add(() => storage.close());
  // before the head is read: every event committed after it reaches this process
  const bus = await openBus(resolved, nodeId, (error) => logger.error('delivering events failed', error));
  teardown.add(() => bus.close());
  const head = await storage.read((reader) => reader.head());
  const fill = async (after: number, upTo: number) => {
    const events = [];
    for (let from = after; from < upTo;) {
      const page = await storage.read((reader) => reader.eventsAfter(from, Math.min(FILL_PAGE, upTo - from)));
      if (page.length === 0) break;
      events.push(...page.map(busEventFromLog));
      from = page[page.length - 1].seq;
    }
    return events;
  };
  const hub = new Hub(head, GAP_FILL_MS, fill, (error) => logger.error('reading missed events failed', error));
  teardown.add(() => hub.close());
  teardown.add(bus.subscribe((events) => hub.receive(events)));
  const urls = { ws: '', http: '' };
  const presence = new Presence();
  const nats = 'connection' in bus ? bus : null;
  if (nats) {
    // the head, read now and then: events whose publication was lost are read from the log
    const headPoll = setInterval(
      () =>
        void storage
          .read((reader) => reader.head())
          .then(
            (head) => hub.expectHead(head),
            () => undefined
          ),
      GAP_FILL_MS
    );
    headPoll.unref();
    teardown.add(() => clearInterval(headPoll));
    const sharedPresence = await startNatsPresence(nats.connection, presence, {
      subject: natsSubjects(resolved.busPrefix).presence,
      nodeId,
      intervalMs: resolved.presenceIntervalMs,
      onError: (error) => logger.error('sharing presence failed', error)
    });
    teardown.add(() => sharedPresence.stop());
  }
  const webhookSettings = await WebhookSettings.open(storage, logger, resolved.webhookSettingsRefreshMs);
  teardown.add(() => webhookSettings.close());
  const webhookHttp = new WebhookHttp();
  teardown.add(() => webhookHttp.close());
  const preEvents = new PreEventCaller(webhookSettings, webhookHttp, logger);
  const outbox = new OutboxDelivery(
    storage,
    webhookHttp,
    () => webhookSettings.signingSecrets(),
    {
      owner: nodeId,
      pollIntervalMs: resolved.webhookPollIntervalMs,
      leaseMs: resolved.webhookLeaseMs,
      timeoutMs: resolved.webhookTimeoutMs,
      retry: {
        baseMs: resolved.webhookRetryBaseMs,
        maxDelayMs: resolved.webhookRetryMaxDelayMs,
        retryForMs: resolved.webhookRetryForMs
      },
      keysPerBatch: 64,
      callsPerKey: 32
    },
    logger
  );
  teardown.add(() => outbox.close());
  const deliveries = new DeliveryBatcher(
    resolved.deliveryReceiptIntervalMs,
    (conversationSid, participantSids) => flushDeliveries(ctx, conversationSid, participantSids),
    (error) => logger.error('announcing delivery receipts failed', error)
  );
  teardown.add(() => deliveries.close());
  const ctx: DomainContext = {
    storage,
    bus,
    now: () => Date.now(),
    reachabilityEnabled: resolved.reachabilityEnabled,
    presence,
    media: {
      store: mediaStore,
      signer: createUrlSigner(resolved.secret),
      urlTtlMs: resolved.mediaUrlTtlSeconds * 1000,
      baseUrl: () => resolved.publicHttpUrl ?? urls.http
    },
    deliveries,
    logger,
    outbox,
    preEvents
  };
  teardown.add(
    presence.onChange(
      presenceAnnouncer(
        ctx,
        (identity) => hub.watchesUser(identity),
        (events) => hub.receive(events)
      )
    )
  );
  const gatewayToPush =
    resolved.pushGateway ?? (resolved.pushGatewayUrl ? httpPushGateway(resolved.pushGatewayUrl) : null);
  if (gatewayToPush) {
    const notifier = new Notifier(storage, presence, gatewayToPush, logger);
    teardown.add(() => notifier.close());
    // once per event in the cluster: by the process that committed it
    teardown.add(bus.subscribe((events) => notifier.receive(events), { local: true }));
  }
  const tokens = createTokenService({
    secret: resolved.secret,
    url: () => resolved.publicUrl ?? urls.ws,
    defaultTtlSeconds: resolved.defaultTokenTtlSeconds,
    maxTtlSeconds: resolved.maxTokenTtlSeconds,
    audience: resolved.tokenAudience
  });
  let closing = false;
  const startedAt = Date.now();
  const app = await createHttpServer({
    health: { startedAt, sessions: (): number => gateway.sessions.size, closing: () => closing },
    tokens,
    auth: apiGate(apiKeyAuthenticator(storage, resolved.adminKey), {
      ratePerSecond: resolved.apiKeyRequestsPerSecond,
      burst: resolved.apiKeyRequestBurst
    }),
    maxTokenTtlSeconds: resolved.maxTokenTtlSeconds,
    logger,
    ctx,
    maxMediaBytes: resolved.maxMediaBytes,
    mediaContentTypes: resolved.mediaContentTypes,
    baseUrl: () => resolved.publicHttpUrl ?? urls.http,
    webhooks: { changed: () => webhookSettings.refresh(), stats: outbox.stats }
  });
  const http = app.server;
  const gateway = new Gateway(http, {
    ctx,
    hub,
    tokens,
    options: resolved,
    logger,
    httpUrl: () => resolved.publicHttpUrl ?? urls.http
  });
  teardown.add(async () => {
    await gateway.close();
    await app.close();
  });
  await app.listen({ port: resolved.port, host: resolved.host });
  const { port } = http.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  urls.ws = `ws://${host}:${port}${WS_PATH}`;
  urls.http = `http://${host}:${port}`;

  const prune = () =>
    Promise.all([
      storage
        .transaction((tx) => tx.pruneEvents(Date.now() - resolved.eventRetentionMs))
        .catch((error) => logger.error('pruning events failed', error)),
      pruneUnattachedMedia(ctx, Date.now() - resolved.unattachedMediaTtlMs).catch((error) =>
        logger.error('pruning unattached media failed', error)
      ),
      storage
        .transaction((tx) => tx.pruneDeliveries(Date.now() - resolved.eventRetentionMs))
        .catch((error) => logger.error('pruning the webhook delivery log failed', error))
    ]);
  const pruner = setInterval(() => void prune(), resolved.pruneIntervalMs);
  pruner.unref();
  teardown.add(() => clearInterval(pruner));
  await prune();
  outbox.start();

  let closed: Promise<void> | null = null;
  return {
    url: urls.ws,
    httpUrl: urls.http,
    port,
    issueToken: (identity, tokenOptions) => tokens.issue(identity, tokenOptions),
    close() {
      closing = true;
      closed ??= teardown.run();
      return closed;
    }
  };
}

/** The configured media store, or a files directory beside the database (a temporary one for `:memory:`). */
async function openMediaStore(options: ResolvedOptions): Promise<MediaStore> {
  if (options.mediaStore) return options.mediaStore;
  if (options.mediaDirectory) return openFileMediaStore(options.mediaDirectory);
  if (isPostgresUrl(options.database)) {
    throw new Error(
      'With a PostgreSQL database, set mediaDirectory (a directory every server process shares) or mediaStore'
    );
  }
  if (options.database === ':memory:') return openFileMediaStore(await temporaryMediaDirectory(), { temporary: true });
  return openFileMediaStore(`${options.database}-media`);
}
