import type { ContentData } from '../content/content-data';
import type { ContentTemplate } from '../content/content-template';
import { findPart, registerPart as registerAnyPart, registeredPart } from '../part-registry';
import type { EmitterPart } from '../events/evented';
import type { CancellablePromise } from '../media/cancellable-promise';
import type { ModelContext } from './context';
import type { MessageBuilder } from './message-builder';
import type { PushNotification } from '../push/push-notification';
import type { AggregatedDeliveryReceipt, ReceiptCounts } from '../receipts/aggregated-delivery-receipt';
import type { DetailedDeliveryReceipt } from '../receipts/detailed-delivery-receipt';
import type { Emission } from '../store/emissions';
import type { MessageData, ParticipantData } from '../../protocol';
import type { State } from '../store/state';
import type { ConversationLimits } from '../types';

/**
 * The optional parts of the client, each in an entry of its own that registers it when imported
 * (`rx-conversations/media`, `/templates`, `/push`, `/receipts`); `rx-conversations` imports them all.
 * The client reaches a part only through here, so an application that imports only
 * `rx-conversations/lean` bundles none of their code.
 */
export interface Parts {
  /** Media: temporary URLs, uploads, the message builder. */
  media: {
    fetchMediaUrls(ctx: ModelContext, sids: readonly string[], signal: AbortSignal): Promise<Map<string, string>>;
    temporaryUrlsForSids(ctx: ModelContext, method: string, sids: unknown): CancellablePromise<Map<string, string>>;
    temporaryUrlsForMedia(ctx: ModelContext, method: string, media: unknown): CancellablePromise<Map<string, string>>;
    createMessageBuilder(ctx: ModelContext, conversationSid: string, limits: ConversationLimits): MessageBuilder;
  };
  /** Content templates and the rich content of the messages sent from them. */
  templates: {
    templates(ctx: ModelContext): Promise<readonly ContentTemplate[]>;
    contentData(ctx: ModelContext, message: MessageData, signal: AbortSignal): Promise<ContentData | null>;
  };
  /** Push notifications: parsing payloads, registering devices. */
  push: {
    parse(payload: unknown): PushNotification;
    set(ctx: ModelContext, channelType: unknown, registrationId: unknown): Promise<void>;
    unset(ctx: ModelContext, channelType: unknown): Promise<void>;
    remove(ctx: ModelContext, channelType: unknown, registrationId: unknown): Promise<void>;
  };
  /** The reference's emitter methods (`on`, `once`, `off`...) of every evented object. */
  emitter: EmitterPart;
  /** Receipt objects (aggregated, detailed) and the `deliveryReceipt` update events. */
  receipts: {
    aggregated(counts: ReceiptCounts, last: AggregatedDeliveryReceipt | null): AggregatedDeliveryReceipt;
    detailed(message: MessageData, participants: readonly ParticipantData[]): DetailedDeliveryReceipt[];
    watcher(): { published(state: State): Emission[] };
  };
}

/** The name of an optional part, which is also its entry: `rx-conversations/<name>`. */
export type PartName = keyof Parts;

/** Registers a part (what its entry does when imported); registering it again changes nothing. */
export function registerPart<K extends PartName>(name: K, part: Parts[K]): void {
  registerAnyPart(name, part);
}

/**
 * The part `name`, or a `NotSupported` error for `method` naming the entry to import: a lean
 * application that calls what it left out learns at once what to add.
 */
export function part<K extends PartName>(name: K, method: string): Parts[K] {
  return findPart(name, method) as Parts[K];
}

/** The part `name` if it was registered (for what a client does without it, such as `null` receipts). */
export function optionalPart<K extends PartName>(name: K): Parts[K] | undefined {
  return registeredPart(name) as Parts[K] | undefined;
}
