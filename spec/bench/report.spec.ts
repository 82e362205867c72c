import { describe, expect, it } from '@jest/globals';
import { type BenchResult, record, table } from '../../bench/lib/report';

const quiet = () => undefined;

describe('bench report', () => {
  it('answers the ratio of a floor given alone', () => {
    const result = record({ benchmark: 'b', params: {}, value: 50, unit: 'x/s', floor: 200 }, quiet);
    expect(result).toMatchObject({ value: 50, floor: 200, ratio: 0.25, spread: null, met: null });
  });

  it('reports paired runs as medians, the median per-run ratio and its spread', () => {
    const runs = [
      { value: 10, floor: 20 },
      { value: 30, floor: 40 },
      { value: 12, floor: 16 },
      { value: 40, floor: 50 },
      { value: 9, floor: 30 }
    ];
    const result = record({ benchmark: 'b', params: { n: 1 }, unit: 'ms', runs }, quiet);
    expect(result).toMatchObject({ value: 12, floor: 30, ratio: 0.75 });
    expect(result.spread).toEqual({ min: 0.3, q1: 0.5, q3: 0.75, max: 0.8 });
    expect(table([result])).toContain('| 0.75 (0.3–0.8) |');
  });

  it('meets a goal only when three runs in four meet it', () => {
    const meets = (value: number, floor: number) => value <= floor;
    const goal = (values: number[]): BenchResult =>
      record(
        {
          benchmark: 'b',
          params: {},
          unit: 'ms',
          runs: values.map((value) => ({ value, floor: 10 })),
          goal: '≤ floor',
          meets
        },
        quiet
      );
    // the median meets the goal in both, the worse quartile only in the first
    expect(goal([5, 6, 7, 8, 20]).met).toBe(true);
    expect(goal([5, 6, 7, 20, 30]).met).toBe(false);
  });
});
