import { describe, expect, it } from 'vitest';
import { type BusCommand, partitionOf } from './command-transport.js';
import { InProcessTransport } from './in-process-transport.js';
import { keysOfOnePartition, slowCommandConsumer } from './slow-command.spec-support.js';

describe('partitionOf', () => {
  it('is stable across processes and releases (nodes must agree on it)', () => {
    // Fixed figures: changing the hash would split one resource's commands over two queues
    // during a rolling upgrade.
    expect(partitionOf('0d26522305c34d07b5661ccda62053c0', 16)).toBe(partitionOf('0d26522305c34d07b5661ccda62053c0', 16));
    expect([partitionOf('a', 16), partitionOf('b', 16), partitionOf('zone-1', 16)]).toEqual([12, 5, 13]);
  });

  it('spreads uuids over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(partitionOf(i.toString(16).padStart(32, '0'), 16));
    expect(seen.size).toBe(16);
  });
});

describe('InProcessTransport', () => {
  it('runs commands on one resource in publish order, and resources concurrently', async () => {
    const transport = new InProcessTransport();
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    await transport.start(async (c: BusCommand) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      seen.push(c.jobUuid);
      running--;
    });
    for (let i = 0; i < 20; i++) for (const r of ['r1', 'r2', 'r3']) await transport.publish({ jobUuid: `${r}-${i}`, apiName: 'X', partitionKey: r });
    await transport.close();
    for (const r of ['r1', 'r2', 'r3']) {
      expect(seen.filter((s) => s.startsWith(r))).toEqual(Array.from({ length: 20 }, (_, i) => `${r}-${i}`));
    }
    expect(maxRunning).toBeGreaterThan(1);
  });

  it('lets a slow command hold up only the later commands on its own resource', async () => {
    // Keys that share a partition of 16: the bus once ran a partition one command at a time
    // whatever its resource, so a long AddKVMHost held up its whole queue.
    const [slowKey, ...otherKeys] = keysOfOnePartition(16, 6);
    const transport = new InProcessTransport();
    const { consume, finished, release } = slowCommandConsumer();
    await transport.start(consume);
    await transport.publish({ jobUuid: 'slow', apiName: 'X', partitionKey: slowKey });
    await transport.publish({ jobUuid: 'after-slow', apiName: 'X', partitionKey: slowKey });
    for (const [i, key] of otherKeys.entries()) await transport.publish({ jobUuid: `other-${i}`, apiName: 'X', partitionKey: key });
    while (finished.length < 5) await new Promise((r) => setTimeout(r, 5));
    expect(finished.sort()).toEqual(['other-0', 'other-1', 'other-2', 'other-3', 'other-4']);
    release();
    await transport.close();
    expect(finished.slice(5)).toEqual(['slow', 'after-slow']);
  });

  it('retries a command whose outcome could not be recorded, without letting the next one pass it', async () => {
    const transport = new InProcessTransport();
    const seen: string[] = [];
    let failures = 2;
    await transport.start(async (c) => {
      if (c.jobUuid === 'first' && failures-- > 0) throw new Error('database down');
      seen.push(c.jobUuid);
    });
    await transport.publish({ jobUuid: 'first', apiName: 'X', partitionKey: 'k' });
    await transport.publish({ jobUuid: 'second', apiName: 'X', partitionKey: 'k' });
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 20));
    await transport.close();
    expect(seen).toEqual(['first', 'second']);
  });
});
