import { ErrorCode, type JSONValue } from '../../protocol';
import { ConversationsError } from '../errors';
import { CancellablePromise } from '../media/cancellable-promise';
import { mediaPayload, uploadMedia } from '../media/upload';
import type { ContentTemplateVariable } from '../content/content-template';
import type { MediaCategory, SendEmailOptions, SendMediaOptions } from '../types';
import type { ModelContext } from './context';
import { conversationActions } from './conversation-actions';

let makeUnsentMessage: (ctx: ModelContext, conversationSid: string) => UnsentMessage;

/**
 * A message built by a {@link MessageBuilder}, ready to send. `send()` uploads each media in
 * turn, then sends the message with their sids (the pending copy shows them); it resolves with
 * the new message's index. Cancelling aborts the uploads under way; once the message itself has
 * gone out, cancelling only stops waiting for it.
 */
export class UnsentMessage {
  text?: string;
  attributes: JSONValue = {};
  mediaContent: [MediaCategory, FormData | SendMediaOptions][] = [];
  emailOptions: SendEmailOptions = {};
  contentSid?: string;
  contentVariables?: ContentTemplateVariable[];
  /** Beyond the reference: the message this one answers, by index or sid. */
  replyTo?: number | string;
  #ctx: ModelContext;
  #conversationSid: string;

  private constructor(ctx: ModelContext, conversationSid: string) {
    this.#ctx = ctx;
    this.#conversationSid = conversationSid;
  }

  static {
    makeUnsentMessage = (ctx, conversationSid) => new UnsentMessage(ctx, conversationSid);
  }

  /** Uploads the media, then sends; resolves with the message's index. */
  send(): CancellablePromise<number | null> {
    return CancellablePromise.fromAbortable((signal) => this.#send(signal));
  }

  async #send(signal: AbortSignal): Promise<number> {
    await this.#ctx.ready();
    const payloads = this.mediaContent.map(([, media]) => mediaPayload('send', media));
    const mediaSids: string[] = [];
    for (const payload of payloads) {
      const media = await uploadMedia(this.#ctx.httpUrl(), this.#ctx.accessToken(), payload, signal);
      mediaSids.push(media.sid);
    }
    if (signal.aborted) throw new ConversationsError(ErrorCode.Cancelled, 'Cancelled');
    const variables = this.contentVariables?.reduce<Record<string, string>>(
      (all, v) => ({ ...all, [v.name]: v.value }),
      {}
    );
    return conversationActions.send(this.#ctx, this.#conversationSid, {
      body: this.text ?? null,
      attributes: this.attributes,
      mediaSids,
      ...(this.contentSid === undefined ? {} : { contentSid: this.contentSid }),
      ...(variables === undefined || Object.keys(variables).length === 0 ? {} : { contentVariables: variables }),
      ...(this.replyTo === undefined ? {} : { replyTo: this.replyTo })
    });
  }
}

/** Makes the message a builder built. */
export function createUnsentMessage(ctx: ModelContext, conversationSid: string): UnsentMessage {
  return makeUnsentMessage(ctx, conversationSid);
}
