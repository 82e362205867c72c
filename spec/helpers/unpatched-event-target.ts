/**
 * Run before each test file (jest `setupFiles`): gives it the platform's `EventTarget` back. zone.js,
 * which some specs load, patches `EventTarget.prototype` — shared by every test file a jest worker
 * runs — and its patched listeners fail once that file's zone is gone: a later file's worker thread
 * (Node's `MessagePort` is an `EventTarget`) then throws on its first message.
 */
const ZONE = '__zone_symbol__';
const proto = EventTarget.prototype as unknown as Record<string, unknown>;
for (const name of ['addEventListener', 'removeEventListener']) {
  const original = proto[`${ZONE}${name}`];
  if (typeof original === 'function') proto[name] = original;
}
for (const name of Object.getOwnPropertyNames(proto)) {
  if (name.startsWith(ZONE) || name === 'eventListeners' || name === 'removeAllListeners') delete proto[name];
}
