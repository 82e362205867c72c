import type { MessageData } from '../../protocol';
import { editableWindow } from './copy';
import { writableArray, type Writable } from './records';
import { CHUNK_SIZE, type MessageChunk, type MessageWindow } from './state';

/** The key of the chunk that holds the message of this index. */
export function chunkKey(index: number): number {
  return Math.floor(index / CHUNK_SIZE);
}

/** The slot of the message of this index inside its chunk. */
export function slotOf(index: number): number {
  return index - chunkKey(index) * CHUNK_SIZE;
}

/** Where the chunk of this key sits in the window's arrays, or -1. Searched from the newest end. */
export function chunkPosition(window: MessageWindow, key: number): number {
  const keys = window.chunkKeys;
  for (let i = keys.length - 1; i >= 0; i--) {
    if (keys[i] === key) return i;
    if (keys[i] < key) return -1;
  }
  return -1;
}

/** The chunk of this key, if the window holds it. */
export function chunkAt(window: MessageWindow | undefined, key: number): MessageChunk | undefined {
  if (window === undefined) return undefined;
  const at = chunkPosition(window, key);
  return at === -1 ? undefined : window.chunkList[at];
}

/** The message of this index, if the window holds it. */
export function messageAt(window: MessageWindow | undefined, index: number): MessageData | undefined {
  return chunkAt(window, chunkKey(index))?.[slotOf(index)];
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
  return window === undefined ? [] : window.chunkList.flatMap(chunkMessages);
}

/**
 * The messages the window holds with an index from `from` to `to`, in index order; only the chunks that span reaches
 * are read.
 */
export function heldMessagesBetween(window: MessageWindow, from: number, to: number): MessageData[] {
  const out: MessageData[] = [];
  const { chunkKeys, chunkList } = window;
  for (let at = 0; at < chunkKeys.length; at++) {
    if (chunkKeys[at] < chunkKey(from) || chunkKeys[at] > chunkKey(to)) continue;
    const chunk = chunkList[at];
    for (let slot = 0; slot < chunk.length; slot++) {
      const message = chunk[slot];
      if (message !== undefined && message.index >= from && message.index <= to) out.push(message);
    }
  }
  return out;
}

/** The newest message the window holds below `index`, if any. */
export function newestHeldBelow(window: MessageWindow | undefined, index: number): MessageData | undefined {
  if (window === undefined) return undefined;
  const key = chunkKey(index);
  for (let at = window.chunkKeys.length - 1; at >= 0; at--) {
    if (window.chunkKeys[at] > key) continue;
    const chunk = window.chunkList[at];
    const from = window.chunkKeys[at] === key ? slotOf(index) - 1 : chunk.length - 1;
    for (let slot = from; slot >= 0; slot--) {
      const message = chunk[slot];
      if (message !== undefined) return message;
    }
  }
  return undefined;
}

/** A window holding nothing. */
export function emptyWindow(): Writable<MessageWindow> {
  return { chunkKeys: [], chunkList: [], size: 0, pending: [] };
}

/** A writable copy of a window (or the window itself when this batch created it). */
export function writableWindow(window: MessageWindow | undefined): Writable<MessageWindow> {
  return window === undefined ? emptyWindow() : editableWindow(window);
}

/**
 * Puts a message into a writable window (replacing one of the same index). The chunk is copied
 * only the first time the batch writes it; later writes go straight into the copy.
 * @returns true when the window did not hold that index before.
 */
export function putMessage(window: Writable<MessageWindow>, message: MessageData): boolean {
  const key = chunkKey(message.index);
  const chunks = (window.chunkList = writableArray(window.chunkList));
  let at = chunkPosition(window, key);
  if (at === -1) {
    at = insertionPoint(window.chunkKeys, key);
    const keys = (window.chunkKeys = writableArray(window.chunkKeys));
    keys.splice(at, 0, key);
    chunks.splice(at, 0, []);
  }
  const slot = slotOf(message.index);
  const held = chunks[at];
  const added = held[slot] === undefined;
  if (Object.isFrozen(held) && slot === held.length) {
    // An append to a chunk this batch has not copied yet: copy it one longer in one go, rather than
    // spread it and then grow the copy (which reallocates with spare room).
    chunks[at] = [...held, message];
  } else {
    const chunk = writableArray<MessageData | undefined>(held);
    chunk[slot] = message;
    chunks[at] = chunk;
  }
  if (added) window.size += 1;
  return added;
}

/**
 * Takes the message of this index out of a writable window; a chunk left empty goes.
 * @returns the message taken out, if the window held it.
 */
export function takeMessage(window: Writable<MessageWindow>, index: number): MessageData | undefined {
  const at = chunkPosition(window, chunkKey(index));
  const held = at === -1 ? undefined : window.chunkList[at][slotOf(index)];
  if (held === undefined) return undefined;
  const chunk = writableArray(window.chunkList[at]);
  chunk[slotOf(index)] = undefined;
  if (countHeld(chunk) === 0) {
    removeAt(window, at);
  } else {
    const chunks = (window.chunkList = writableArray(window.chunkList));
    chunks[at] = chunk;
  }
  window.size -= 1;
  return held;
}

/**
 * Drops a whole chunk from a writable window.
 * @returns how many messages it held.
 */
export function dropChunk(window: Writable<MessageWindow>, key: number): number {
  const at = chunkPosition(window, key);
  if (at === -1) return 0;
  const count = countHeld(window.chunkList[at]);
  removeAt(window, at);
  window.size -= count;
  return count;
}

function removeAt(window: Writable<MessageWindow>, at: number): void {
  const keys = (window.chunkKeys = writableArray(window.chunkKeys));
  const chunks = (window.chunkList = writableArray(window.chunkList));
  keys.splice(at, 1);
  chunks.splice(at, 1);
}

function insertionPoint(keys: readonly number[], key: number): number {
  let at = keys.length;
  while (at > 0 && keys[at - 1] > key) at -= 1;
  return at;
}
