import type { Readable } from 'node:stream';

/**
 * Where media bytes live, by key (the media's sid). The built-in store keeps one file per key
 * in a directory; an object store (S3 and the like) implements the same four operations.
 */
export interface MediaStore {
  /** Stores the bytes under `key` (replacing any). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key` as a stream, or null when there are none. */
  get(key: string): Promise<Readable | null>;
  /** Deletes the bytes under `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Releases the store (a temporary directory is removed). */
  close(): Promise<void>;
}
