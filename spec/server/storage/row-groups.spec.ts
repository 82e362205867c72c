import { type GroupedJob, type KeyedJob, MAX_GROUP, RowGroups } from '../../../lib/server/storage/postgres/row-groups';

/** The groups run at a time in these tests. */
const LANES = 3;

/** RowGroups whose groups are recorded by the jobs' names, each running until the test ends it. */
function groups() {
  const started: { names: string[]; end: () => void }[] = [];
  const rows = new RowGroups(
    LANES,
    (group: readonly KeyedJob[]) =>
      new Promise<void>((end) => started.push({ names: group.map(({ job }) => (job as Named).name), end }))
  );
  const add = (key: string, name: string) => rows.add(key, { name } as Named);
  /** Lets the microtasks that start groups run. */
  const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { started, add, settled };
}

type Named = GroupedJob & { name: string };

describe('RowGroups (PostgreSQL group commit)', () => {
  it('runs the transactions of different keys that wait while every lane is busy as one group', async () => {
    const { started, add, settled } = groups();
    for (let lane = 0; lane < LANES; lane++) add(`busy${lane}`, `first${lane}`);
    add('a', 'a1');
    add('b', 'b1');
    add('c', 'c1');
    await settled();
    expect(started.map((group) => group.names)).toEqual(Array.from({ length: LANES }, (_, lane) => [`first${lane}`]));
    started[0].end();
    await settled();
    expect(started[LANES].names).toEqual(['a1', 'b1', 'c1']);
  });

  it("never runs a key in two groups at once, and runs a key's transactions in arrival order", async () => {
    const { started, add, settled } = groups();
    add('a', 'a1');
    add('a', 'a2');
    add('b', 'b1');
    add('a', 'a3');
    await settled();
    // a1 holds the key: a2 and a3 wait for its group, b1 takes a lane of its own
    expect(started.map((group) => group.names)).toEqual([['a1'], ['b1']]);
    started[1].end();
    await settled();
    expect(started).toHaveLength(2);
    started[0].end();
    await settled();
    expect(started[2].names).toEqual(['a2', 'a3']);
  });

  it(`takes at most ${MAX_GROUP} transactions in a group`, async () => {
    const { started, add, settled } = groups();
    for (let lane = 0; lane < LANES; lane++) add(`busy${lane}`, `first${lane}`);
    for (let i = 0; i < MAX_GROUP + 1; i++) add(`k${i}`, `j${i}`);
    await settled();
    started[0].end();
    await settled();
    expect(started[LANES].names).toHaveLength(MAX_GROUP);
    started[1].end();
    await settled();
    expect(started[LANES + 1].names).toEqual([`j${MAX_GROUP}`]);
  });
});
