import { LIMITS, type ConversationData, type LastMessageData } from '../../protocol';
import type { ConversationLimits, ConversationState, LastMessage } from '../types';
import type { ModelContext } from './context';

/**
 * Keeps the view made of a source value and makes a new one only when the source changes (by
 * reference), so a property read twice gives the same object.
 */
export class ViewCache<S, V> {
  #source: S | undefined;
  #value: V | undefined;
  #made = false;

  constructor(private readonly make: (source: S) => V) {}

  /** The view of `source`. */
  get(source: S): V {
    if (!this.#made || source !== this.#source) {
      this.#source = source;
      this.#value = this.make(source);
      this.#made = true;
    }
    return this.#value as V;
  }
}

/** A conversation's newest message as the model shows it: the reference's fields plus the preview. */
export function lastMessageView(source: LastMessageData | null | undefined): LastMessage | undefined {
  if (!source) return undefined;
  return Object.freeze({
    index: source.index,
    dateCreated: new Date(source.dateCreated),
    sid: source.sid,
    author: source.author,
    body: source.body,
    type: source.type
  });
}

/** A conversation's lifecycle state with its date as a Date. */
export function conversationStateView(source: ConversationData['state'] | undefined): ConversationState | undefined {
  return source ? Object.freeze({ current: source.current, dateUpdated: new Date(source.dateUpdated) }) : undefined;
}

/** The media limits the server announced, in the reference's shape. */
export function conversationLimits(ctx: ModelContext): ConversationLimits {
  const limits = ctx.serverLimits();
  const count = limits.maxMediaPerMessage ?? LIMITS.maxMediaPerMessage;
  const sizeInMb = (limits.maxMediaBytes ?? 16 * 1024 * 1024) / (1024 * 1024);
  return {
    mediaAttachmentsCountLimit: count,
    mediaAttachmentSizeLimitInMb: sizeInMb,
    mediaAttachmentsTotalSizeLimitInMb: sizeInMb * count,
    emailHistoriesAllowedContentTypes: [],
    emailBodiesAllowedContentTypes: []
  };
}
