import type { ReduceResult } from '../../../lib/client/store/reducer';
import { selectConversation, selectMessages } from '../../../lib/client/store/selectors';
import { Store } from '../../../lib/client/store/store';
import type { State } from '../../../lib/client/store/state';
import { ev, joined, message } from './fixtures';

/** After the microtasks queued so far (the store flushes in one). */
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function watch(store: Store) {
  const states: State[] = [];
  const batches: ReduceResult[] = [];
  store.state$.subscribe((state) => states.push(state));
  store.batches$.subscribe((batch) => batches.push(batch));
  return { states, batches };
}

describe('Store', () => {
  it('emits the current state on subscribe', () => {
    const initial = joined(['C1']);
    const store = new Store(initial);
    const { states } = watch(store);
    expect(states).toEqual([initial]);
    expect(store.getState()).toBe(initial);
  });

  it('reduces N dispatches of one tick in one batch, with one state$ emission', async () => {
    const store = new Store(joined(['C1']));
    const { states, batches } = watch(store);
    for (let i = 0; i < 50; i++) store.dispatch(ev.messageAdded(i + 1, message('C1', i)));
    expect(states).toHaveLength(1);
    expect(store.getState().messages.C1).toBeUndefined();
    await Promise.resolve();
    expect(states).toHaveLength(2);
    expect(batches).toHaveLength(1);
    expect(batches[0].emissions.filter((e) => e.type === 'messageAdded')).toHaveLength(50);
    expect(store.getState().messages.C1.size).toBe(50);
    expect(batches[0].state).toBe(store.getState());
  });

  it('publishes a batch that changed nothing on batches$ only', async () => {
    const store = new Store(joined(['C1']));
    const { states, batches } = watch(store);
    store.dispatch({ type: 'connectionChanged', state: 'unknown' });
    await tick();
    expect(states).toHaveLength(1);
    expect(batches).toHaveLength(1);
    expect(batches[0].emissions).toEqual([]);
  });

  it('holds the batch already when the state subscribers and then the batch subscribers hear of it', async () => {
    const store = new Store(joined(['C1']));
    const order: string[] = [];
    store.state$.subscribe(() => order.push('state'));
    store.batches$.subscribe(({ state }) => {
      expect(store.getState()).toBe(state);
      expect(state.messages.C1.size).toBe(1);
      order.push('batch');
    });
    store.dispatch(ev.messageAdded(1, message('C1', 0)));
    await tick();
    expect(order).toEqual(['state', 'state', 'batch']);
  });

  it('selects: the current value, then only changes', async () => {
    const store = new Store(joined(['C1', 'C2']));
    const seen: unknown[] = [];
    store.select(selectConversation('C2')).subscribe((entry) => seen.push(entry));
    store.dispatch(ev.messageAdded(1, message('C1', 0)));
    await tick();
    expect(seen).toHaveLength(1);
    store.dispatch(ev.messageAdded(2, message('C2', 0)));
    await tick();
    expect(seen).toHaveLength(2);
    const messages: number[] = [];
    store.select(selectMessages('C2')).subscribe((items) => messages.push(items.length));
    expect(messages).toEqual([1]);
  });

  it('puts what is dispatched while a batch is published into the next batch of the same flush', () => {
    const store = new Store(joined(['C1']));
    const { batches } = watch(store);
    let once = true;
    store.batches$.subscribe(() => {
      if (!once) return;
      once = false;
      store.dispatch(ev.messageAdded(2, message('C1', 1)));
    });
    store.dispatch(ev.messageAdded(1, message('C1', 0)));
    store.flush();
    expect(batches).toHaveLength(2);
    expect(store.getState().messages.C1.size).toBe(2);
  });

  it('flushes at once on demand', () => {
    const store = new Store(joined(['C1']));
    store.dispatch(ev.messageAdded(1, message('C1', 0)));
    store.flush();
    expect(store.getState().messages.C1.size).toBe(1);
  });

  it('flushes, then completes everything on complete(); later dispatches are ignored', async () => {
    const store = new Store(joined(['C1']));
    const done: string[] = [];
    store.state$.subscribe({ complete: () => done.push('state$') });
    store.batches$.subscribe({ complete: () => done.push('batches$') });
    store.select(selectConversation('C1')).subscribe({ complete: () => done.push('select') });
    store.dispatch(ev.messageAdded(1, message('C1', 0)));
    store.complete();
    expect(store.getState().messages.C1.size).toBe(1);
    expect(done.sort()).toEqual(['batches$', 'select', 'state$']);
    const last = store.getState();
    store.dispatch(ev.messageAdded(2, message('C1', 1)));
    store.flush();
    await tick();
    expect(store.getState()).toBe(last);
  });
});
