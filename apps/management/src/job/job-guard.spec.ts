// The process guard: an 'error' event nobody listens to, or a rejection nobody awaits, raised
// by what a job started, fails that job; the process goes on. (The test runner's own handlers
// are set aside while the guard is the only one, as in the management node.)
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { guardJob, installProcessGuard, StrayError } from './job-guard.js';

const lines: any[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
let restore: () => void = () => undefined;

beforeEach(() => {
  lines.length = 0;
  const saved = (['uncaughtException', 'unhandledRejection'] as const).map((event) => [event, process.listeners(event as NodeJS.Signals)] as const);
  for (const [event] of saved) process.removeAllListeners(event);
  const uninstall = installProcessGuard(log);
  restore = () => {
    uninstall();
    for (const [event, listeners] of saved) for (const l of listeners) process.on(event, l as never);
  };
});

afterEach(() => restore());

it("an 'error' event with no listener, emitted later by what the job started, fails that job", async () => {
  const outcome = guardJob('job-a', async () => {
    const peer = new EventEmitter();
    setTimeout(() => peer.emit('error', new Error('Connection lost before handshake')), 5);
    return new Promise<never>(() => undefined); // a handler that would wait for ever
  });
  const err = await outcome.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StrayError);
  expect((err as Error).message).toMatch(/Connection lost before handshake/);
  expect(lines.some((l) => l.strayJobUuid === 'job-a' && l.err?.message === 'Connection lost before handshake')).toBe(true);
});

it('a rejection nobody awaits fails the job that made it; other jobs are untouched', async () => {
  const bad = guardJob('job-b', async () => {
    void Promise.reject(new Error('nobody awaited me'));
    return new Promise<never>(() => undefined);
  });
  const good = guardJob('job-c', async () => {
    await new Promise((r) => setTimeout(r, 20));
    return 'done';
  });
  await expect(bad).rejects.toThrow(/nobody awaited me/);
  await expect(good).resolves.toBe('done');
});

it('an unhandled error outside any job is logged, and nothing else happens', async () => {
  setTimeout(() => new EventEmitter().emit('error', new Error('no job at hand')), 1);
  await new Promise((r) => setTimeout(r, 20));
  const line = lines.find((l) => l.err?.message === 'no job at hand');
  expect(line).toBeDefined();
  expect(line.strayJobUuid).toBeUndefined();
});
