import type { CommandResult } from '../../protocol';
import type { ModelContext } from '../model/context';
import { createContentTemplate, type ContentTemplate } from './content-template';

/** How long a fetched template list is reused, as in the reference SDK. */
export const TEMPLATES_CACHE_MS = 5000;

/**
 * The service's templates, fetched at most once per {@link TEMPLATES_CACHE_MS} (concurrent
 * callers share one request); the list and each template are frozen.
 */
export class TemplatesCache {
  #value: { at: number; list: readonly ContentTemplate[] } | null = null;
  #inflight: Promise<readonly ContentTemplate[]> | null = null;

  constructor(private readonly fetch: () => Promise<CommandResult<'getContentTemplates'>>) {}

  /** The templates, fetched again when the list is older than the cache's life at `now` (the client's clock). */
  get(now: number): Promise<readonly ContentTemplate[]> {
    if (this.#value && now - this.#value.at < TEMPLATES_CACHE_MS) return Promise.resolve(this.#value.list);
    this.#inflight ??= this.fetch()
      .then((result) => {
        const list = Object.freeze(result.items.map((item) => createContentTemplate(item)));
        this.#value = { at: now, list };
        return list;
      })
      .finally(() => {
        this.#inflight = null;
      });
    return this.#inflight;
  }
}

const caches = new WeakMap<ModelContext, TemplatesCache>();

/** `Client.getContentTemplates`: the templates of a client's session, through its own cache. */
export function contentTemplates(ctx: ModelContext): Promise<readonly ContentTemplate[]> {
  let cache = caches.get(ctx);
  if (cache === undefined) {
    cache = new TemplatesCache(() => ctx.command('getContentTemplates', {}));
    caches.set(ctx, cache);
  }
  return cache.get(ctx.scheduler.now());
}
