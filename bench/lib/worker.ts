/**
 * Benchmark processes: a worker is a TypeScript program run as its own Node process (through tsx)
 * that answers calls over the IPC channel, so that a server, its clients and a floor's relay each
 * get their own event loop, as they would on separate machines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A worker's methods: each takes one JSON-serializable argument and answers a JSON-serializable value. */
export type Methods = Record<string, (params: never) => unknown>;

type Call = { id: number; method: string; params: unknown };
type Answer = { id: number; result?: unknown; error?: string };

/**
 * Node flags every worker (and every server process a bench starts) gets in addition (e.g. `--cpu-prof
 * --cpu-prof-dir=prof` to profile them).
 */
export function extraFlags(): string[] {
  return (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter((flag) => flag.length > 0);
}

/** The parent's handle on a worker process. */
export class Worker<M extends Methods> {
  #child: ChildProcess;
  #next = 1;
  #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #exited: Promise<void>;

  private constructor(
    child: ChildProcess,
    readonly name: string
  ) {
    this.#child = child;
    child.on('message', (answer: Answer) => {
      const waiter = this.#waiting.get(answer.id);
      if (!waiter) return;
      this.#waiting.delete(answer.id);
      if (answer.error !== undefined) waiter.reject(new Error(`${name}: ${answer.error}`));
      else waiter.resolve(answer.result);
    });
    this.#exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        for (const waiter of this.#waiting.values())
          waiter.reject(new Error(`${name} exited (${code ?? signal}) during a call`));
        this.#waiting.clear();
        resolve();
      });
    });
  }

  /** Starts `bench/workers/<name>.ts` in its own process. */
  static start<M extends Methods>(name: string, flags: readonly string[] = []): Worker<M> {
    const file = fileURLToPath(new URL(`../workers/${name}.ts`, import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', ...flags, ...extraFlags(), file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: process.env
    });
    return new Worker<M>(child, name);
  }

  /** Calls a method of the worker; answers its result. */
  call<K extends keyof M & string>(
    method: K,
    ...params: Parameters<M[K]> extends [] ? [] : [Parameters<M[K]>[0]]
  ): Promise<Awaited<ReturnType<M[K]>>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, method, params: params[0] } satisfies Call);
    });
  }

  /** Asks the worker to exit (it closes what it opened first), and waits for it; kills it after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.send({ id: 0, method: '$exit', params: undefined } satisfies Call);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}

/**
 * The worker's side: answers the parent's calls with `methods`. `$exit` runs `onExit` and ends the
 * process normally (so that `--cpu-prof` writes its profile).
 */
export function serve(methods: Methods, onExit: () => Promise<void> | void = () => undefined): void {
  if (!process.send) throw new Error('a worker must be started with an IPC channel (Worker.start)');
  const send = (answer: Answer) => process.send?.(answer);
  const answer = async (call: Call) => {
    if (call.method === '$exit') {
      try {
        await onExit();
      } finally {
        process.exit(0);
      }
    }
    const method = methods[call.method] as ((params: unknown) => unknown) | undefined;
    if (!method) return send({ id: call.id, error: `no method ${call.method}` });
    try {
      send({ id: call.id, result: (await method(call.params)) ?? null });
    } catch (error) {
      send({ id: call.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  };
  // every failure of a call is sent back as its answer; the process exits after $exit whatever happens
  process.on('message', (call: Call) => void answer(call));
  process.on('disconnect', () => process.exit(0));
}
