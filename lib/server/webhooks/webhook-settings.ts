import { SERVICE_PRE_WEBHOOK, signingSecrets } from '../domain/webhooks';
import type { Logger } from '../options';
import type { WebhookRecord } from '../storage/records';
import type { Storage } from '../storage/storage';

/**
 * The webhook settings a process needs at every call, kept in memory: the service's pre-event
 * webhook and the signing secrets. Read again every `refreshMs` (changes made through another
 * process) and at once after a change through this one.
 */
export class WebhookSettings {
  /** The service's pre-event webhook, or null. */
  preWebhook: WebhookRecord | null = null;
  /** The secrets calls are signed with now. */
  secrets: string[] = [];
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly storage: Storage,
    logger: Logger,
    refreshMs: number,
    private readonly now: () => number
  ) {
    this.timer = setInterval(
      () => void this.refresh().catch((error) => logger.error('reading the webhook settings failed', error)),
      refreshMs
    );
    this.timer.unref();
  }

  /** The settings, read. */
  static async open(
    storage: Storage,
    logger: Logger,
    refreshMs: number,
    now: () => number = Date.now
  ): Promise<WebhookSettings> {
    const settings = new WebhookSettings(storage, logger, refreshMs, now);
    await settings.refresh();
    return settings;
  }

  /** Reads them again. */
  async refresh(): Promise<void> {
    const { preWebhook, secrets } = await this.storage.read(async (reader) => ({
      preWebhook: await reader.getWebhook(SERVICE_PRE_WEBHOOK),
      secrets: await signingSecrets(reader, this.now())
    }));
    this.preWebhook = preWebhook;
    this.secrets = secrets;
  }

  /**
   * The secrets to sign with; read at once when none is known yet (a webhook configured through
   * another process a moment ago must not go out unsigned).
   */
  async signingSecrets(): Promise<readonly string[]> {
    if (this.secrets.length === 0) await this.refresh();
    return this.secrets;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
