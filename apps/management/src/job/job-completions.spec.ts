// What a poll learns without SQL: the hold of a job accepted here, the 202 of a job
// running here, the result of a job finished here.
import { describe, expect, it } from 'vitest';
import { type FinishedJob, JobCompletions, type RunnableJob } from './job-completions.js';

const who = { apiName: 'CreateZone', accountUuid: 'a'.repeat(32) };
const row = (uuid: string): RunnableJob => ({ uuid, ...who, resourceUuid: null, request: { params: {} }, state: 'Processing', webhookUrl: null });
const done = (uuid: string): FinishedJob => ({
  uuid,
  ...who,
  state: 'Succeeded',
  httpStatus: 200,
  result: { inventory: {} },
  expiresAt: new Date(Date.now() + 60_000),
  progressStep: null,
  progressPercent: null,
  webhookUrl: null,
});

/** How long `settled` took, in ms. */
async function settling(completions: JobCompletions, uuid: string, holdMs: number, runningMs: number): Promise<number> {
  const started = performance.now();
  await completions.settled(uuid, holdMs, runningMs);
  return performance.now() - started;
}

describe('polls of jobs accepted here', () => {
  it('a job run elsewhere: the first poll waits the short hold, later ones not at all, and the database answers', async () => {
    const completions = new JobCompletions();
    completions.accepted(row('j1'));
    expect(await settling(completions, 'j1', 30, 5_000)).toBeGreaterThanOrEqual(25);
    expect(await settling(completions, 'j1', 30, 5_000)).toBeLessThan(25);
    expect(completions.result('j1')).toBeNull();
    expect(completions.runningHere('j1')).toBeNull();
  });

  it('a job running here: every poll waits for it and, while it still runs, is answered 202 from memory', async () => {
    const completions = new JobCompletions();
    completions.accepted(row('j2'));
    completions.runsHere('j2', true);
    expect(await settling(completions, 'j2', 10, 40)).toBeGreaterThanOrEqual(40);
    expect(completions.runningHere('j2')).toMatchObject({ uuid: 'j2', state: 'Processing', accountUuid: who.accountUuid, apiName: 'CreateZone' });
    // The next poll waits again, and is woken by the result.
    const polled = settling(completions, 'j2', 10, 5_000);
    setTimeout(() => completions.completed(done('j2')), 20);
    expect(await polled).toBeLessThan(1_000);
    expect(completions.runningHere('j2')).toBeNull();
    expect(completions.result('j2')).toMatchObject({ state: 'Succeeded', httpStatus: 200 });
  });

  it('a job whose run here stopped without a result (done elsewhere, or retried) goes back to the database', async () => {
    const completions = new JobCompletions();
    completions.accepted(row('j3'));
    completions.runsHere('j3', true);
    completions.runsHere('j3', false);
    expect(completions.runningHere('j3')).toBeNull();
    await completions.settled('j3', 10, 5_000);
    expect(await settling(completions, 'j3', 10, 5_000)).toBeLessThan(25);
  });

  it('a job not accepted here is neither held nor known', async () => {
    const completions = new JobCompletions();
    completions.runsHere('j4', true);
    expect(await settling(completions, 'j4', 1_000, 1_000)).toBeLessThan(25);
    expect(completions.runningHere('j4')).toBeNull();
  });
});

describe('rows being written here', () => {
  it('a command published beside its INSERT learns whether the row was written, and only while it is awaited', async () => {
    const completions = new JobCompletions();
    let write!: (ok: boolean) => void;
    completions.writes('j1', new Promise<boolean>((resolve) => (write = resolve)));
    completions.writes('j2', Promise.reject(new Error('the database refused the row')));
    const j1 = completions.rowWritten('j1');
    expect(completions.rowWritten('j3')).toBeNull();
    expect(await completions.rowWritten('j2')).toBe(false);
    write(true);
    expect(await j1).toBe(true);
    // Settled writes are forgotten: what is known after that is in acceptedRow.
    expect(completions.rowWritten('j1')).toBeNull();
    expect(completions.rowWritten('j2')).toBeNull();
  });
});
