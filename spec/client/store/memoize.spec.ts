import { createSelector, memoize, sameElements, selectorFamily } from '../../../lib/client/store/memoize';

describe('memoize', () => {
  it('recomputes only when an argument changes by reference', () => {
    const fn = jest.fn((a: object, b: number) => ({ a, b }));
    const memo = memoize(fn);
    const arg = {};
    const first = memo(arg, 1);
    expect(memo(arg, 1)).toBe(first);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(memo({}, 1)).not.toBe(first);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('returns the last result when the new one is equal', () => {
    const memo = memoize(
      (xs: number[]) => xs.map((x) => x * 2),
      (a, b) => a.length === b.length && a.every((x, i) => x === b[i])
    );
    const first = memo([1, 2]);
    expect(memo([1, 2])).toBe(first);
    expect(memo([1, 3])).toEqual([2, 6]);
  });

  it('forgets on release', () => {
    const fn = jest.fn((a: object) => a);
    const memo = memoize(fn);
    const arg = {};
    memo(arg);
    memo.release();
    memo(arg);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('createSelector', () => {
  it('runs the projector only when an input changed', () => {
    const projector = jest.fn((a: number[], b: string) => `${a.length}${b}`);
    type S = { a: number[]; b: string; c: number };
    const select = createSelector([(s: S) => s.a, (s: S) => s.b], projector);
    const a = [1];
    expect(select({ a, b: 'x', c: 1 })).toBe('1x');
    expect(select({ a, b: 'x', c: 2 })).toBe('1x');
    expect(projector).toHaveBeenCalledTimes(1);
    select({ a: [1, 2], b: 'x', c: 2 });
    expect(projector).toHaveBeenCalledTimes(2);
  });

  it('keeps the last array when an equal one is projected', () => {
    const select = createSelector([(s: { xs: number[] }) => s.xs], (xs) => xs.filter((x) => x > 0), sameElements);
    const first = select({ xs: [1, -1, 2] });
    expect(select({ xs: [1, 2] })).toBe(first);
  });
});

describe('selectorFamily', () => {
  it('returns the same selector for the same key, within its bound', () => {
    const create = jest.fn((key: string) => (state: Record<string, number>) => state[key]);
    const family = selectorFamily(create, 2);
    const a = family('a');
    expect(family('a')).toBe(a);
    family('b');
    family('a');
    family('c');
    expect(family('a')).toBe(a);
    expect(create).toHaveBeenCalledTimes(3);
    family('b');
    expect(create).toHaveBeenCalledTimes(4);
  });
});
