import { ErrorCode, type JSONValue } from '../../protocol';
import { DomainError } from '../domain/errors';
import type { PreEvent, PreEventHooks, WebhookPayload } from '../domain/webhook-events';
import type { Logger } from '../options';
import { newMessageId } from '../domain/outbox';
import { createSigner } from './signature';
import { type WebhookAnswer, type WebhookHttp, WebhookCallFailed } from './webhook-http';
import type { WebhookSettings } from './webhook-settings';

const isObject = (value: unknown): value is Record<string, JSONValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Calls the service's pre-event webhook synchronously, signed like every webhook call: a 2xx
 * answer allows the action (a JSON object in it changes the fields it names), any other status
 * refuses it (`RefusedByWebhook`); no answer within the webhook's timeout, or a failed call,
 * follows its failure policy (`allow` or `refuse`). Its settings are {@link WebhookSettings}'.
 */
export class PreEventCaller implements PreEventHooks {
  private readonly sign = createSigner();

  constructor(
    private readonly settings: WebhookSettings,
    private readonly http: WebhookHttp,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now
  ) {}

  wants(eventType: PreEvent): boolean {
    return this.settings.preWebhook?.filters.includes(eventType) ?? false;
  }

  async decide(eventType: PreEvent, payload: WebhookPayload<PreEvent>): Promise<Record<string, JSONValue> | null> {
    const hook = this.settings.preWebhook;
    if (!hook || !hook.filters.includes(eventType)) return null;
    const body = JSON.stringify(payload);
    let answer: WebhookAnswer;
    try {
      answer = await this.http.call({
        url: hook.url,
        method: hook.method,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'rx-conversations-webhooks',
          ...this.sign(this.settings.secrets, newMessageId(), new Date(this.now()), body)
        },
        body,
        timeoutMs: hook.timeoutMs,
        readBody: true
      });
    } catch (error) {
      const reason =
        error instanceof WebhookCallFailed && error.reason === 'timeout' ? error.message : 'the call failed';
      this.logger.warn(`pre-event webhook ${eventType}: ${reason}; policy ${hook.failurePolicy}`);
      if (hook.failurePolicy === 'allow') return null;
      throw new DomainError(
        ErrorCode.RefusedByWebhook,
        `The pre-event webhook did not answer (${reason}): the action is refused`
      );
    }
    if (answer.status < 200 || answer.status > 299)
      throw new DomainError(
        ErrorCode.RefusedByWebhook,
        `The pre-event webhook refused the action (HTTP ${answer.status})`
      );
    const text = answer.body;
    if (text.trim() === '') return null;
    let changes: unknown;
    try {
      changes = JSON.parse(text);
    } catch {
      return null;
    }
    return isObject(changes) ? changes : null;
  }
}
