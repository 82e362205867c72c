import type { MediaData } from '../../protocol';
import type { MediaCategory } from '../types';
import { CancellablePromise } from './cancellable-promise';

/** How a Media asks for temporary URLs (the client's batched request). */
export type MediaUrlSource = (sids: readonly string[], signal: AbortSignal) => Promise<Map<string, string>>;

let makeMedia: (data: MediaData, urls: MediaUrlSource) => Media;

/**
 * A file attached to a message, by reference. Immutable; its bytes are fetched through a
 * temporary URL (`getContentTemporaryUrl`), valid for a few minutes (the server's
 * `mediaUrlTtlSeconds`, 5 minutes by default) and fetchable from any origin.
 */
export class Media {
  /** `ME...` */
  readonly sid: string;
  readonly filename: string | null;
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
  readonly category: MediaCategory;
  #urls: MediaUrlSource;

  private constructor(data: MediaData, urls: MediaUrlSource) {
    this.sid = data.sid;
    this.filename = data.filename;
    this.contentType = data.contentType;
    this.size = data.size;
    this.category = data.category;
    this.#urls = urls;
    Object.freeze(this);
  }

  static {
    makeMedia = (data, urls) => new Media(data, urls);
  }

  /** A new temporary URL on each call (not cached); null if the server gave none. */
  getContentTemporaryUrl(): CancellablePromise<string | null> {
    return CancellablePromise.fromAbortable(
      async (signal) => (await this.#urls([this.sid], signal)).get(this.sid) ?? null
    );
  }
}

/** Makes the Media of a message's attachment. */
export function createMedia(data: MediaData, urls: MediaUrlSource): Media {
  return makeMedia(data, urls);
}
