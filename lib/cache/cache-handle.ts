import type { QueuedCommand } from '../client/store/cached-state';
import type { KeptRead } from './read-cache';
import type { State } from '../client/store/state';

/** One open cache database, as a session uses it. */
export interface CacheHandle {
  /** The kept state, or null when there is none (or it was dropped: corrupt, another version). */
  read(): Promise<KeptRead | null>;
  /**
   * A batch was published. The cache writes what changed later, coalesced, off the hot path (a tab
   * that follows another's connection writes only its own sends: the leader writes the rest).
   */
  changed(state: State): void;
  /** A command to keep until `answered`. */
  queued(command: QueuedCommand): void;
  /** That command was answered (or failed): it is not kept any more. */
  answered(key: string): void;
  /** Erases everything kept for this scope. */
  clear(): Promise<void>;
  /** Why the cache stopped working (quota, erased elsewhere), when it did. */
  onWarning(listener: (warning: string) => void): void;
  /** This tab started or stopped holding the shared connection (it then writes the shared state whole). */
  sharedChanged(): void;
  /** Closes the cache (writing what is due first). */
  close(): void;
}
