import { type EventData, NotificationTypes } from '../../protocol';
import type { BusEvent } from '../bus/bus';
import type { Presence } from '../domain/presence';
import type { Logger } from '../options';
import type { ConversationRecord, PushRegistration } from '../storage/records';
import type { Storage } from '../storage/storage';
import { type PushContent, messageText, pushDelivery } from './payload';
import type { PushGateway } from './push-gateway';

/** Most notifications waiting to be sent; past it new ones are dropped (and logged). */
export const MAX_QUEUED_PUSHES = 10_000;
/** Notifications sent at once. */
export const PUSH_CONCURRENCY = 8;

const titleOf = (c: ConversationRecord) => c.friendlyName ?? c.uniqueName ?? c.sid;

/**
 * Sends push notifications for committed events: a new message to every participant but its
 * author (and to those it mentions even where they muted the conversation),
 * `added_to_conversation` / `removed_from_conversation` to the one concerned. Only to users with
 * a registration and no live session on this server, and for messages only where their
 * notification level is `default` or they are mentioned. Failures are logged and never reach the
 * write.
 */
export class Notifier {
  #queue: Array<() => Promise<void>> = [];
  #running = 0;
  #dropped = 0;
  #idle: Array<() => void> = [];
  #closed = false;

  constructor(
    private readonly storage: Storage,
    private readonly presence: Presence,
    private readonly gateway: PushGateway,
    private readonly logger: Logger
  ) {}

  /** Looks at a batch of committed events (a bus subscriber). */
  receive(events: readonly BusEvent[]): void {
    for (const event of events) {
      if (event.name === 'messageAdded') {
        const { data } = event;
        this.#task(() => this.#message(data));
      } else if (event.name === 'participantJoined') {
        const { participant } = event.data;
        this.#task(() =>
          this.#membership(NotificationTypes.ADDED_TO_CONVERSATION, participant.conversationSid, participant.identity)
        );
      } else if (event.name === 'participantLeft') {
        const { participant } = event.data;
        this.#task(() =>
          this.#membership(
            NotificationTypes.REMOVED_FROM_CONVERSATION,
            participant.conversationSid,
            participant.identity
          )
        );
      }
    }
  }

  /** Stops: queued notifications are dropped, and failures of those under way are not reported. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
  }

  /** Resolves once nothing is queued or being sent. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #message({ message }: EventData<'messageAdded'>): Promise<void> {
    const found = await this.storage.read(async (reader) => {
      const targets = await reader.pushRegistrationsIn(message.conversationSid, message.author);
      // a mention breaks through a muted conversation
      const reached = new Set(targets.map((target) => target.identity));
      for (const identity of message.mentions ?? []) {
        if (!reached.has(identity)) targets.push(...(await reader.pushRegistrationsOf(identity)));
      }
      return { conversation: await reader.getConversation(message.conversationSid), targets };
    });
    if (!found.conversation) return;
    const conversationTitle = titleOf(found.conversation);
    this.#sendAll(found.targets, {
      type: NotificationTypes.NEW_MESSAGE,
      title: conversationTitle,
      body: messageText(message.author, message.body, message.media.length),
      conversationSid: message.conversationSid,
      conversationTitle,
      messageSid: message.sid,
      messageIndex: message.index,
      ...(message.author === null ? {} : { author: message.author }),
      media: message.media
    });
  }

  async #membership(type: PushContent['type'], conversationSid: string, identity: string | null): Promise<void> {
    if (identity === null || this.presence.isOnline(identity)) return;
    const found = await this.storage.read(async (reader) => ({
      conversation: await reader.getConversation(conversationSid),
      targets: await reader.pushRegistrationsOf(identity)
    }));
    const conversationTitle = found.conversation ? titleOf(found.conversation) : conversationSid;
    const added = type === NotificationTypes.ADDED_TO_CONVERSATION;
    this.#sendAll(found.targets, {
      type,
      title: conversationTitle,
      body: added ? `You were added to ${conversationTitle}` : `You were removed from ${conversationTitle}`,
      conversationSid,
      conversationTitle
    });
  }

  #sendAll(targets: readonly PushRegistration[], content: PushContent): void {
    for (const registration of targets) {
      if (this.presence.isOnline(registration.identity)) continue;
      const delivery = pushDelivery(registration, content);
      this.#task(() =>
        this.gateway
          .send(delivery)
          .catch((error) =>
            this.logger.warn(
              `push to ${registration.identity} (${registration.channelType}) failed: ` +
                (error instanceof Error ? error.message : String(error))
            )
          )
      );
    }
  }

  #task(run: () => Promise<void>): void {
    if (this.#closed) return;
    if (this.#queue.length >= MAX_QUEUED_PUSHES) {
      if (this.#dropped++ % 1000 === 0) this.logger.warn(`push queue full: ${this.#dropped} notification(s) dropped`);
      return;
    }
    this.#queue.push(run);
    this.#pump();
  }

  #pump(): void {
    while (this.#running < PUSH_CONCURRENCY && this.#queue.length > 0) {
      const run = this.#queue.shift() as () => Promise<void>;
      this.#running++;
      run()
        .catch((error) => {
          if (!this.#closed) this.logger.error('preparing a push notification failed', error);
        })
        .finally(() => {
          this.#running--;
          this.#pump();
          if (this.#running === 0 && this.#queue.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
        });
    }
  }
}
