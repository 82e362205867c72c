import { ErrorCode } from '../../protocol';
import { ConversationsError } from '../errors';
import type { EmailRecipientLevel, Paginator } from '../types';

/**
 * Metadata of a message on a non-chat channel (SMS, WhatsApp). This server has chat only, so
 * `message.getChannelMetadata()` answers null; the class is exported for type compatibility.
 */
export class ChannelMetadata {
  readonly type: string;
  readonly data: unknown;

  constructor(type: string, data: unknown) {
    this.type = type;
    this.data = Object.freeze(data);
    Object.freeze(this);
  }
}

/** An email recipient of a message (email participants only; none on this server). */
export class EmailRecipientDescriptor {
  readonly type = 'email' as const;
  readonly messageSid: string;
  readonly level: EmailRecipientLevel;
  readonly name: string;
  readonly address: string;

  constructor(messageSid: string, level: EmailRecipientLevel, name: string, address: string) {
    this.messageSid = messageSid;
    this.level = level;
    this.name = name;
    this.address = address;
    Object.freeze(this);
  }
}

/** A recipient of a kind this library does not know: its raw JSON. */
export class UnknownRecipientDescriptor {
  readonly type: string;
  readonly messageSid: string;
  readonly rawData: string;

  constructor(type: string, messageSid: string, rawData: string) {
    this.type = type;
    this.messageSid = messageSid;
    this.rawData = rawData;
    Object.freeze(this);
  }
}

/** A page of a token-paged list: the next or previous page is fetched with its token. */
export class RestPaginator<T> implements Paginator<T> {
  readonly items: T[];
  readonly hasNextPage: boolean;
  readonly hasPrevPage: boolean;
  #fetch: (token: string) => Promise<RestPaginator<T>>;
  #next: string | null;
  #prev: string | null;

  /** `fetch(token)` answers the page a token names; null tokens mean no such page. */
  constructor(
    items: T[],
    fetch: (token: string) => Promise<RestPaginator<T>>,
    prevToken: string | null,
    nextToken: string | null
  ) {
    this.items = items;
    this.#fetch = fetch;
    this.#prev = prevToken;
    this.#next = nextToken;
    this.hasPrevPage = prevToken !== null;
    this.hasNextPage = nextToken !== null;
  }

  /** The next page; rejects with `NotFound` ("No next page") when there is none. */
  nextPage(): Promise<RestPaginator<T>> {
    if (this.#next === null) return Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No next page'));
    return this.#fetch(this.#next);
  }

  /** The previous page; rejects with `NotFound` ("No previous page") when there is none. */
  prevPage(): Promise<RestPaginator<T>> {
    if (this.#prev === null) return Promise.reject(new ConversationsError(ErrorCode.NotFound, 'No previous page'));
    return this.#fetch(this.#prev);
  }
}

/** A recipient of a message on a non-chat channel. */
export type RecipientDescriptor = EmailRecipientDescriptor | UnknownRecipientDescriptor;
