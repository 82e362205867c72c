import type { MessageData } from '../../protocol';
import { CHUNK_SIZE, type MessageChunk, type MessageWindow } from './state';
import { editableWindow } from './copy';
import { emptyRecord, writableArray, writableRecord, type Writable } from './records';

/** The key of the chunk that holds the message of this index. */
export function chunkKey(index: number): number {
  return Math.floor(index / CHUNK_SIZE);
}

/** The slot of the message of this index inside its chunk. */
export function slotOf(index: number): number {
  return index - chunkKey(index) * CHUNK_SIZE;
}

/** The message of this index, if the window holds it. */
export function messageAt(window: MessageWindow | undefined, index: number): MessageData | undefined {
  return window?.chunks[chunkKey(index)]?.[slotOf(index)];
}

/** The keys of the window's chunks, oldest first. */
export function chunkKeys(window: MessageWindow): number[] {
  return Object.keys(window.chunks)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The messages one chunk holds, in index order. */
export function chunkMessages(chunk: MessageChunk): MessageData[] {
  const out: MessageData[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const message = chunk[i];
    if (message !== undefined) out.push(message);
  }
  return out;
}

/** How many messages one chunk holds. */
export function countHeld(chunk: MessageChunk): number {
  let count = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== undefined) count += 1;
  return count;
}

/** Every message the window holds, in index order. */
export function heldMessages(window: MessageWindow | undefined): MessageData[] {
  if (window === undefined) return [];
  return chunkKeys(window).flatMap((key) => chunkMessages(window.chunks[key]));
}

/** The newest message the window holds below `index`, if any. */
export function newestHeldBelow(window: MessageWindow | undefined, index: number): MessageData | undefined {
  if (window === undefined) return undefined;
  const keys = chunkKeys(window);
  for (let k = keys.length - 1; k >= 0; k--) {
    if (keys[k] > chunkKey(index)) continue;
    const chunk = window.chunks[keys[k]];
    const from = keys[k] === chunkKey(index) ? slotOf(index) - 1 : chunk.length - 1;
    for (let slot = from; slot >= 0; slot--) {
      const message = chunk[slot];
      if (message !== undefined) return message;
    }
  }
  return undefined;
}

/** A window holding nothing. */
export function emptyWindow(): Writable<MessageWindow> {
  return { chunks: emptyRecord<MessageChunk, number>(), size: 0, pending: [] };
}

/**
 * Puts a message into a writable window (replacing one of the same index). The chunk is copied
 * only the first time the batch writes it; later writes go straight into the copy.
 * @returns true when the window did not hold that index before.
 */
export function putMessage(window: Writable<MessageWindow>, message: MessageData): boolean {
  const key = chunkKey(message.index);
  const chunks = (window.chunks = writableRecord(window.chunks));
  const chunk = writableArray<MessageData | undefined>(chunks[key] ?? []);
  chunks[key] = chunk;
  const slot = slotOf(message.index);
  const added = chunk[slot] === undefined;
  chunk[slot] = message;
  if (added) window.size += 1;
  return added;
}

/**
 * Takes the message of this index out of a writable window; a chunk left empty goes.
 * @returns the message taken out, if the window held it.
 */
export function takeMessage(window: Writable<MessageWindow>, index: number): MessageData | undefined {
  const key = chunkKey(index);
  const held = window.chunks[key]?.[slotOf(index)];
  if (held === undefined) return undefined;
  const chunks = (window.chunks = writableRecord(window.chunks));
  const chunk = writableArray(chunks[key]);
  chunk[slotOf(index)] = undefined;
  if (chunk.every((message) => message === undefined)) delete chunks[key];
  else chunks[key] = chunk;
  window.size -= 1;
  return held;
}

/**
 * Drops a whole chunk from a writable window.
 * @returns how many messages it held.
 */
export function dropChunk(window: Writable<MessageWindow>, key: number): number {
  const chunk = window.chunks[key];
  if (chunk === undefined) return 0;
  const count = countHeld(chunk);
  const chunks = (window.chunks = writableRecord(window.chunks));
  delete chunks[key];
  window.size -= count;
  return count;
}

/** A writable copy of a window (or the window itself when this batch created it). */
export function writableWindow(window: MessageWindow | undefined): Writable<MessageWindow> {
  return window === undefined ? emptyWindow() : editableWindow(window);
}
