import { ErrorCode } from '../protocol';
import { ConversationsError } from './errors';

/**
 * Where the optional parts of the client are kept once their entries registered them (by name:
 * `media` is `rx-conversations/media`). Untyped: `model/parts.ts` gives each part its type; the
 * evented base class reads the emitter part from here.
 */
const registered = new Map<string, unknown>();

/** Registers a part (what its entry does when imported); registering it again changes nothing. */
export function registerPart(name: string, part: unknown): void {
  if (!registered.has(name)) registered.set(name, part);
}

/**
 * The part `name`, or a `NotSupported` error for `method` naming the entry to import: a lean
 * application that calls what it left out learns at once what to add.
 */
export function findPart(name: string, method: string): unknown {
  const found = registered.get(name);
  if (found === undefined)
    throw new ConversationsError(
      ErrorCode.NotSupported,
      `${method} needs the ${name} part: import 'rx-conversations/${name}' once (or use 'rx-conversations')`
    );
  return found;
}

/** The part `name` if it was registered. */
export function registeredPart(name: string): unknown {
  return registered.get(name);
}
