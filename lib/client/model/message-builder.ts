import { ErrorCode, type JSONValue } from '../../protocol';
import { ConversationsError, badArgument, checkJson } from '../errors';
import type { CancellablePromise } from '../media/cancellable-promise';
import { mediaPayload } from '../media/upload';
import { ContentTemplateVariable } from '../content/content-template';
import type { ConversationLimits, SendMediaOptions } from '../types';
import type { ModelContext } from './context';
import { replyTarget } from './reply-target';
import { createUnsentMessage, type UnsentMessage } from './unsent-message';

const noEmail = (method: string) =>
  new ConversationsError(
    ErrorCode.NotSupported,
    `${method}: this server has no email gateway, so messages have no email body or history`
  );

let makeMessageBuilder: (ctx: ModelContext, conversationSid: string, limits: ConversationLimits) => MessageBuilder;

/**
 * Builds a message step by step (`conversation.prepareMessage()`): every setter checks its
 * argument at once and returns the builder. `build()` checks the limits and answers an
 * {@link UnsentMessage}; `buildAndSend()` sends it too.
 */
export class MessageBuilder {
  #ctx: ModelContext;
  #conversationSid: string;
  #limits: ConversationLimits;
  #body: string | undefined;
  #subject: string | undefined;
  #attributes: JSONValue = {};
  #media: Array<FormData | SendMediaOptions> = [];
  #contentSid: string | undefined;
  #variables: ContentTemplateVariable[] | undefined;
  #replyTo: number | string | undefined;

  private constructor(ctx: ModelContext, conversationSid: string, limits: ConversationLimits) {
    this.#ctx = ctx;
    this.#conversationSid = conversationSid;
    this.#limits = limits;
  }

  static {
    makeMessageBuilder = (ctx, conversationSid, limits) => new MessageBuilder(ctx, conversationSid, limits);
  }

  /** The text of the message. */
  setBody(text: string): MessageBuilder {
    if (typeof text !== 'string') throw badArgument('setBody', 'text', 'a string', text);
    this.#body = text;
    return this;
  }

  /** An email subject: kept on the UnsentMessage's `emailOptions`, not sent (no email gateway here). */
  setSubject(subject: string): MessageBuilder {
    if (typeof subject !== 'string') throw badArgument('setSubject', 'subject', 'a string', subject);
    this.#subject = subject;
    return this;
  }

  /** The attributes (any JSON value). */
  setAttributes(attributes: JSONValue): MessageBuilder {
    checkJson('setAttributes', 'attributes', attributes);
    this.#attributes = attributes;
    return this;
  }

  /** Not available: this server has no email gateway. Throws `NotSupported`. */
  setEmailBody(contentType: string, body: FormData | SendMediaOptions): MessageBuilder {
    void [contentType, body];
    throw noEmail('setEmailBody');
  }

  /** Not available: this server has no email gateway. Throws `NotSupported`. */
  setEmailHistory(contentType: string, history: FormData | SendMediaOptions): MessageBuilder {
    void [contentType, history];
    throw noEmail('setEmailHistory');
  }

  /**
   * Makes it a rich message from a content template; variables not given take their defaults.
   * As in the reference, the body and media are then not sent (attributes are).
   */
  setContentTemplate(contentSid: string, contentVariables?: ContentTemplateVariable[]): MessageBuilder {
    if (typeof contentSid !== 'string' || contentSid === '')
      throw badArgument('setContentTemplate', 'contentSid', 'a non-empty string', contentSid);
    if (
      contentVariables !== undefined &&
      (!Array.isArray(contentVariables) || !contentVariables.every((v) => v instanceof ContentTemplateVariable))
    ) {
      throw badArgument(
        'setContentTemplate',
        'contentVariables',
        'an array of ContentTemplateVariable',
        contentVariables
      );
    }
    this.#contentSid = contentSid;
    this.#variables = contentVariables === undefined ? undefined : [...contentVariables];
    return this;
  }

  /** Beyond the reference: makes the message a reply to another of the conversation, by index or sid. */
  setReplyTo(message: number | string): MessageBuilder {
    this.#replyTo = replyTarget('setReplyTo', message);
    return this;
  }

  /** Adds a media attachment (`SendMediaOptions`, or a `FormData` holding a file). */
  addMedia(payload: FormData | SendMediaOptions): MessageBuilder {
    mediaPayload('addMedia', payload);
    this.#media.push(payload);
    return this;
  }

  /** Checks the limits (media count) and answers the message to send. Throws `LimitExceeded`. */
  build(): UnsentMessage {
    const limit = this.#limits.mediaAttachmentsCountLimit;
    if (this.#media.length > limit) {
      throw new ConversationsError(
        ErrorCode.LimitExceeded,
        `Too many media attachments in the message (${this.#media.length} > ${limit})`
      );
    }
    const message = createUnsentMessage(this.#ctx, this.#conversationSid);
    message.attributes = this.#attributes;
    if (this.#replyTo !== undefined) message.replyTo = this.#replyTo;
    if (this.#subject !== undefined) message.emailOptions = { subject: this.#subject };
    if (this.#contentSid !== undefined) {
      message.contentSid = this.#contentSid;
      if (this.#variables !== undefined) message.contentVariables = this.#variables;
      return message;
    }
    if (this.#body !== undefined) message.text = this.#body;
    message.mediaContent = this.#media.map((media) => ['media', media]);
    return message;
  }

  /** `build().send()`. */
  buildAndSend(): CancellablePromise<number | null> {
    return this.build().send();
  }
}

/** Makes a conversation's message builder. */
export function createMessageBuilder(
  ctx: ModelContext,
  conversationSid: string,
  limits: ConversationLimits
): MessageBuilder {
  return makeMessageBuilder(ctx, conversationSid, limits);
}
