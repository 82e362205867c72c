import { Session } from './lib/client/session/session';
import { Store } from './lib/client/store/store';
import { createInitialState } from './lib/client/store/initial-state';
import * as s from './lib/client/store/selectors';
const st = new Store(createInitialState({ messageCacheSize: 1 }));
(globalThis as any).x = [new Session({} as any), st, s];
