import type { ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { importPackages } from '../optional-packages';
import type { Bus, BusEvent, BusHandler } from './bus';
import { natsSubjects } from './nats-subjects';

/** Settings of the NATS JetStream bus. */
export interface NatsBusOptions {
  /** Server URL(s): `nats://host:4222`, several separated by commas. */
  url: string;
  /** Subject prefix and stream name of the service: every node of one service uses the same. */
  prefix: string;
  /** This process, as the other nodes know it. */
  nodeId: string;
  /** Where failures to publish or to read are reported. */
  onError: (error: unknown) => void;
}

/** The NATS bus, with the connection it runs on (the presence exchange shares it). */
export interface NatsBus extends Bus {
  readonly connection: NatsConnection;
}

/** A bus message: one process's batch. */
interface Envelope {
  node: string;
  events: BusEvent[];
}

/** A message's payload stays well under NATS's default limit (1 MiB). */
const MAX_PAYLOAD = 512 * 1024;
/** How long the stream keeps events: a node that lost its link catches up from it, the database holds them anyway. */
const STREAM_MAX_AGE_MS = 3600_000;
/** Window in which JetStream drops a republished batch (same message id). */
const DUPLICATE_WINDOW_MS = 120_000;

/**
 * The bus between server processes. Durable events go through a JetStream stream (one per
 * service, `<prefix>-events`): each node reads it with an ordered consumer from the moment it
 * starts, so none is skipped while its link holds, and a lost one is read from the database
 * (the hub fills gaps). Ephemeral events (typing, user snapshots) go over plain NATS subjects.
 * A node hands its own events to its own handlers at once, and ignores them when NATS brings
 * them back; handlers subscribed with `{ local: true }` (push notifications) only get those.
 *
 * Resolves once the consumer is in place: events published after that reach this node, so
 * the head read from storage afterwards leaves no hole.
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const [{ connect, nanos }, { DeliverPolicy, StorageType, jetstream, jetstreamManager }] = await importPackages(
    'The NATS bus',
    ['@nats-io/transport-node', () => import('@nats-io/transport-node')],
    ['@nats-io/jetstream', () => import('@nats-io/jetstream')]
  );
  const subjects = natsSubjects(options.prefix);
  const nc = await connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: `rx-conversations ${options.nodeId}`,
    // a node may start before NATS is up (docker compose): it waits, then keeps reconnecting
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500
  });
  const handlers = new Map<BusHandler, boolean>();
  let messages: ConsumerMessages | null = null;
  let ephemeral: Subscription | null = null;
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.info(subjects.stream).catch(async () => {
      await jsm.streams
        .add({
          name: subjects.stream,
          subjects: [subjects.events],
          storage: StorageType.File,
          max_age: nanos(STREAM_MAX_AGE_MS),
          duplicate_window: nanos(DUPLICATE_WINDOW_MS)
        })
        .catch(async (error: unknown) => {
          // another node made it first
          await jsm.streams.info(subjects.stream).catch(() => Promise.reject(error as Error));
        });
    });
    const js = jetstream(nc);
    const consumer = await js.consumers.get(subjects.stream, { deliver_policy: DeliverPolicy.New });
    messages = await consumer.consume();
    ephemeral = nc.subscribe(subjects.ephemeral, {
      callback: (error, msg) => (error ? options.onError(error) : receive(msg.data))
    });
    await nc.flush();

    const received = messages;
    void (async () => {
      for await (const msg of received) receive(msg.data);
    })().catch(options.onError);

    const deliver = (events: readonly BusEvent[], local: boolean) => {
      for (const [handler, localOnly] of handlers) {
        if (localOnly && !local) continue;
        try {
          handler(events);
        } catch (error) {
          options.onError(error);
        }
      }
    };

    function receive(data: Uint8Array): void {
      let envelope: Envelope;
      try {
        envelope = JSON.parse(new TextDecoder().decode(data)) as Envelope;
      } catch (error) {
        return options.onError(error);
      }
      if (envelope.node !== options.nodeId && Array.isArray(envelope.events)) deliver(envelope.events, false);
    }

    const send = (events: readonly BusEvent[]) => {
      const durable = events.filter((event) => event.seq !== undefined);
      const passing = events.filter((event) => event.seq === undefined);
      for (const part of payloads(options.nodeId, durable)) {
        js.publish(subjects.events, part.payload, { msgID: `${part.first.seq}-${part.last.seq}` }).catch(
          options.onError
        );
      }
      for (const part of payloads(options.nodeId, passing)) nc.publish(subjects.ephemeral, part.payload);
    };

    return {
      connection: nc,
      publish(events) {
        if (events.length === 0) return;
        deliver(events, true);
        if (!nc.isClosed()) send(events);
      },
      subscribe(handler, subscribeOptions) {
        handlers.set(handler, subscribeOptions?.local === true);
        return () => handlers.delete(handler);
      },
      async close() {
        handlers.clear();
        await received.close();
        await nc.drain().catch(() => nc.close());
      }
    };
  } catch (error) {
    await messages?.close().catch(() => undefined);
    ephemeral?.unsubscribe();
    await nc.close();
    throw error;
  }
}

/** A batch as envelopes `{ node, events }`, each payload under {@link MAX_PAYLOAD}. */
function payloads(node: string, events: readonly BusEvent[]): { payload: string; first: BusEvent; last: BusEvent }[] {
  const out: { payload: string; first: BusEvent; last: BusEvent }[] = [];
  const head = `{"node":${JSON.stringify(node)},"events":[`;
  let texts: string[] = [];
  let from = 0;
  let bytes = 0;
  const cut = (to: number) => {
    if (texts.length > 0)
      out.push({ payload: `${head}${texts.join(',')}]}`, first: events[from], last: events[to - 1] });
    texts = [];
    bytes = 0;
    from = to;
  };
  events.forEach((event, i) => {
    const text = JSON.stringify(event);
    if (texts.length > 0 && bytes + text.length > MAX_PAYLOAD) cut(i);
    texts.push(text);
    bytes += text.length + 1;
  });
  cut(events.length);
  return out;
}
