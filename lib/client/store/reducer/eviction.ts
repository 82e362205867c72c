import { dropChunk } from '../chunks';
import type { Tx, WindowWrites } from './tx';

/**
 * The memory bound. For each window that received messages in this batch and now holds more than
 * `config.messageCacheSize`, whole chunks go, farthest from the latest insert first (the older of
 * two equally far first), until it fits. Chunks the batch wrote stay, since its emissions name
 * their messages: so a window can exceed the bound by what one batch brought, until the next.
 */
export function evictChunks(tx: Tx): void {
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
