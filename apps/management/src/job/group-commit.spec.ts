// How arrivals become groups: together when the database is busy, at once when it is not,
// and never held up for long by a slow group.
import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A group runner that records its groups and takes `ms` for each. */
function recorder(ms: (group: number[]) => number) {
  const groups: number[][] = [];
  const run = async (items: number[]): Promise<PromiseSettledResult<number>[]> => {
    groups.push(items);
    await sleep(ms(items));
    return items.map((i) => (i < 0 ? { status: 'rejected', reason: new Error(`item ${i}`) } : { status: 'fulfilled', value: i * 10 }));
  };
  return { groups, run };
}

describe('group commit', () => {
  it('runs one turn’s arrivals together, and what arrives while they run as the next group', async () => {
    const { groups, run } = recorder(() => 20);
    const commit = new GroupCommit<number, number>({ slots: 1, maxGroup: 32 }, run);
    const first = [1, 2, 3].map((i) => commit.submit(i));
    await sleep(5);
    const second = [4, 5].map((i) => commit.submit(i));
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(groups).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('settles each item on its own: one failing item fails alone', async () => {
    const { run } = recorder(() => 1);
    const commit = new GroupCommit<number, number>({ slots: 1, maxGroup: 32 }, run);
    const settled = await Promise.allSettled([commit.submit(1), commit.submit(-1), commit.submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('keeps groups within maxGroup', async () => {
    const { groups, run } = recorder(() => 1);
    const commit = new GroupCommit<number, number>({ slots: 1, maxGroup: 2 }, run);
    await Promise.all([1, 2, 3, 4, 5].map((i) => commit.submit(i)));
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('lets the next group start beside one that stalls, up to maxInFlight', async () => {
    const { groups, run } = recorder((group) => (group[0] === 1 ? 300 : 5));
    const commit = new GroupCommit<number, number>({ slots: 1, maxGroup: 32, stallMs: 20, maxInFlight: 2 }, run);
    const slow = commit.submit(1);
    await sleep(5);
    const started = performance.now();
    await commit.submit(2); // waits for the stall, not for the slow group's end
    expect(performance.now() - started).toBeLessThan(200);
    await slow;
    expect(groups).toEqual([[1], [2]]);
  });
});
