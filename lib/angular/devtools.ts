import { DestroyRef, InjectionToken, NgZone, inject } from '@angular/core';
import { pairwise, startWith, type Observable } from 'rxjs';
import type { StoreState } from '../client';
import type { ConversationsFeature } from './options';

/** @hidden Given the store's state as it changes when the client starts, by a feature that watches it. */
export const DEVTOOLS_CONNECTOR = new InjectionToken<(state$: Observable<StoreState>) => void>(
  'rx-conversations devtools'
);

/** The part of the Redux DevTools extension's API the bridge uses. */
interface DevtoolsConnection {
  init(state: unknown): void;
  send(action: { type: string }, state: unknown): void;
}
interface DevtoolsExtension {
  connect(options: { name: string }): DevtoolsConnection;
}

/** Options of `withDevtools`. */
export interface DevtoolsOptions {
  /** The instance's name in the extension; default `'rx-conversations'`. */
  name?: string;
}

/** The top-level parts of the state a batch changed, as the action's name: `messages+conversations`. */
export function batchName(before: StoreState, after: StoreState): string {
  const changed = (Object.keys(after) as Array<keyof StoreState>).filter((key) => before[key] !== after[key]);
  return changed.length === 0 ? 'unchanged' : changed.join('+');
}

/**
 * Opt-in bridge to the Redux DevTools browser extension, for `provideConversations(config,
 * withDevtools())`: the state when the client starts, then each batch as an action named by the
 * parts of the state it changed, with the state after it. Sends nothing when the extension is
 * absent; ends with the environment.
 */
export function withDevtools(options: DevtoolsOptions = {}): ConversationsFeature {
  return {
    kind: 'devtools',
    providers: [
      {
        provide: DEVTOOLS_CONNECTOR,
        useFactory: () => {
          const zone = inject(NgZone);
          const destroyRef = inject(DestroyRef);
          return (state$: Observable<StoreState>) => {
            const extension = (globalThis as { __REDUX_DEVTOOLS_EXTENSION__?: DevtoolsExtension })
              .__REDUX_DEVTOOLS_EXTENSION__;
            if (extension === undefined || typeof extension.connect !== 'function') return;
            zone.runOutsideAngular(() => {
              const devtools = extension.connect({ name: options.name ?? 'rx-conversations' });
              const subscription = state$
                .pipe(startWith<StoreState | null>(null), pairwise())
                .subscribe(([before, after]) => {
                  if (after === null) return;
                  if (before === null) devtools.init(after);
                  else devtools.send({ type: batchName(before, after) }, after);
                });
              destroyRef.onDestroy(() => subscription.unsubscribe());
            });
          };
        }
      }
    ]
  };
}
