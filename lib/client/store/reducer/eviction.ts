import { dropChunk } from '../chunks';
import type { MessageWindow, StoreConfig } from '../state';
import type { Table } from './table';

/** The chunks of one window a batch wrote, and the span of the latest insert. */
export interface WindowWrites {
  /** Keys of the chunks written by this batch (a few): never evicted by it, since its emissions may name them. */
  readonly written: number[];
  /** First chunk of the latest insert: eviction starts farthest from it and `to`. */
  from: number;
  /** Last chunk of the latest insert. */
  to: number;
}

/** What eviction reads and writes of a batch under way (its `Tx`). */
interface Batch {
  readonly config: StoreConfig;
  readonly messages: Table<MessageWindow>;
  readonly inserts: ReadonlyMap<string, WindowWrites>;
}

/**
 * The memory bound. For each window that received messages in this batch and now holds more than
 * `config.messageCacheSize`, whole chunks go, farthest from the latest insert first (the older of
 * two equally far first), until it fits. Chunks the batch wrote stay, since its emissions name
 * their messages: so a window can exceed the bound by what one batch brought, until the next.
 */
export function evictChunks(tx: Batch): void {
  if (tx.inserts.size === 0) return;
  const cap = tx.config.messageCacheSize;
  for (const [conversationSid, writes] of tx.inserts) {
    const window = tx.messages.get(conversationSid);
    if (window === undefined || window.size <= cap) continue;
    const victims = [...window.chunkKeys]
      .filter((key) => !writes.written.includes(key))
      .sort((a, b) => distance(b, writes) - distance(a, writes) || a - b);
    const writableWindow = tx.messages.edit(conversationSid);
    if (writableWindow === undefined) continue;
    for (const key of victims) {
      if (writableWindow.size <= cap) break;
      dropChunk(writableWindow, key);
    }
  }
}

function distance(key: number, writes: WindowWrites): number {
  if (key < writes.from) return writes.from - key;
  if (key > writes.to) return key - writes.to;
  return 0;
}
