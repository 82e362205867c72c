import * as t from 'io-ts';
import { decode } from '../../lib/protocol';
import { intersection, union } from '../../lib/protocol/combinators';

describe('the protocol’s union and intersection', () => {
  const values: unknown[] = [
    null,
    undefined,
    0,
    1.5,
    '',
    'a',
    true,
    [],
    [1],
    {},
    { a: 'x' },
    { a: 1 },
    { a: 'x', b: 2 }
  ];

  it('answer `is` as io-ts’s own do, for every kind of value', () => {
    const pairs: [t.Mixed, t.Mixed][] = [
      [union([t.string, t.null]), t.union([t.string, t.null])],
      [union([t.number, t.string, t.undefined]), t.union([t.number, t.string, t.undefined])],
      [
        intersection([t.type({ a: t.string }), t.partial({ b: t.number })]),
        t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })])
      ],
      [
        intersection([t.type({ a: t.string }), t.partial({ b: t.number }), t.partial({ c: t.null })]),
        t.intersection([t.type({ a: t.string }), t.partial({ b: t.number }), t.partial({ c: t.null })])
      ]
    ];
    for (const [ours, theirs] of pairs) {
      expect(ours.name).toBe(theirs.name);
      for (const value of values) expect([value, ours.is(value)]).toEqual([value, theirs.is(value)]);
    }
  });

  it('are io-ts’s classes, so a failure’s path skips their hops as before', () => {
    const codec = t.type({
      outer: intersection([t.type({ a: union([t.string, t.null]) }), t.partial({ b: t.number })])
    });
    expect(union([t.string, t.null])).toBeInstanceOf(t.UnionType);
    expect(intersection([t.type({}), t.partial({})])).toBeInstanceOf(t.IntersectionType);
    expect(decode(codec, { outer: { a: 1 } }, 'args')).toEqual({
      ok: false,
      path: 'args.outer.a',
      message: 'args.outer.a must be string'
    });
    expect(decode(codec, { outer: { a: null, b: 'x' } })).toMatchObject({ ok: false, path: 'outer.b' });
    expect(decode(codec, { outer: { a: 'x', b: 2 } })).toEqual({ ok: true, value: { outer: { a: 'x', b: 2 } } });
  });
});
