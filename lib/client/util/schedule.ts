/**
 * Runs `fn` in a later macrotask: after the current task and all its microtasks (promise
 * continuations) have run. The client emits events this way, so that a command's awaiting caller
 * resumes before the events the command caused are emitted.
 */
export const scheduleMacrotask: (fn: () => void) => void = (() => {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return (fn: () => void) => void setImmediate(fn);
  }
  if (typeof g.MessageChannel === 'function') {
    const queue: Array<() => void> = [];
    const channel = new g.MessageChannel();
    channel.port1.onmessage = () => {
      const fn = queue.shift();
      if (fn) fn();
    };
    return (fn: () => void) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    };
  }
  return (fn: () => void) => void setTimeout(fn, 0);
})();
