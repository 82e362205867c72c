import { ErrorCode, type JSONValue } from '../../protocol';
import { DomainError } from '../domain/errors';
import type { PreEventHooks } from '../domain/pre-events';
import type { PreEvent, WebhookPayload } from '../domain/webhook-events';
import { SERVICE_PRE_WEBHOOK, signingSecrets } from '../domain/webhooks';
import type { Logger } from '../options';
import type { WebhookRecord } from '../storage/records';
import type { Storage } from '../storage/storage';
import { newMessageId } from '../domain/outbox';
import { createSigner } from './signature';

/** Where the caller's settings come from, and how often they are read again (other processes may change them). */
export interface PreEventCallerOptions {
  refreshMs: number;
}

const isObject = (value: unknown): value is Record<string, JSONValue> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Calls the service's pre-event webhook synchronously, signed like every webhook call: a 2xx
 * answer allows the action (a JSON object in it changes the fields it names), any other status
 * refuses it (`RefusedByWebhook`); no answer within the webhook's timeout, or a failed call,
 * follows its failure policy (`allow` or `refuse`). Its settings are kept in memory, read again
 * every `refreshMs` and at once after a change through this process.
 */
export class PreEventCaller implements PreEventHooks {
  private hook: WebhookRecord | null = null;
  private secrets: string[] = [];
  private readonly sign = createSigner();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    options: PreEventCallerOptions,
    private readonly now: () => number
  ) {
    this.timer = setInterval(() => this.refresh().catch((error) => logger.error('reading the pre-event webhook failed', error)), options.refreshMs);
    this.timer.unref();
  }

  /** A caller with its settings read. */
  static async open(storage: Storage, logger: Logger, options: PreEventCallerOptions, now: () => number = Date.now): Promise<PreEventCaller> {
    const caller = new PreEventCaller(storage, logger, options, now);
    await caller.refresh();
    return caller;
  }

  /** Reads the settings again. */
  async refresh(): Promise<void> {
    const { hook, secrets } = await this.storage.read(async (reader) => ({
      hook: await reader.getWebhook(SERVICE_PRE_WEBHOOK),
      secrets: await signingSecrets(reader, this.now())
    }));
    this.hook = hook;
    this.secrets = secrets;
  }

  wants(eventType: PreEvent): boolean {
    return this.hook?.filters.includes(eventType) ?? false;
  }

  async decide(eventType: PreEvent, payload: WebhookPayload<PreEvent>): Promise<Record<string, JSONValue> | null> {
    const hook = this.hook;
    if (!hook || !hook.filters.includes(eventType)) return null;
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(hook.url, {
        method: hook.method,
        headers: { 'content-type': 'application/json', 'user-agent': 'rx-conversations-webhooks', ...this.sign(this.secrets, newMessageId(), new Date(this.now()), body) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(hook.timeoutMs)
      });
    } catch (error) {
      const reason = (error as { name?: unknown } | null)?.name === 'TimeoutError' ? `no answer in ${hook.timeoutMs} ms` : 'the call failed';
      this.logger.warn(`pre-event webhook ${eventType}: ${reason}; policy ${hook.failurePolicy}`);
      if (hook.failurePolicy === 'allow') return null;
      throw new DomainError(ErrorCode.RefusedByWebhook, `The pre-event webhook did not answer (${reason}): the action is refused`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new DomainError(ErrorCode.RefusedByWebhook, `The pre-event webhook refused the action (HTTP ${response.status})`);
    if (text.trim() === '') return null;
    let changes: unknown;
    try {
      changes = JSON.parse(text);
    } catch {
      return null;
    }
    return isObject(changes) ? changes : null;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
