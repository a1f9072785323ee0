// Every write the console makes is a job: accepted (202), polled at its location until it
// is done or failed. The jobs of this browser session are kept in sessionStorage so the
// jobs page survives a reload; subscribers (the dock, the jobs page) see them change live.
import type { ApiSpec } from '#contract';
import { call, failureOf, requestOf, type Answer, type Values, type ZStackError } from './client';

export type JobState = 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  api: string;
  /** What it acts on, for the list: a name or a uuid. */
  target: string;
  state: JobState;
  location?: string;
  progress?: { step: string | null; percent: number | null } | null;
  error?: ZStackError;
  result?: unknown;
  startedAt: number;
  endedAt?: number;
}

const KEY = 'zstack.jobs';
const KEEP = 100;
const POLL_MS = 400;

let jobs: Job[] = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
const listeners = new Set<() => void>();

function publish(job: Job): void {
  jobs = [job, ...jobs.filter((j) => j.id !== job.id)].slice(0, KEEP).sort((a, b) => b.startedAt - a.startedAt);
  sessionStorage.setItem(KEY, JSON.stringify(jobs));
  for (const l of listeners) l();
}

export const jobStore = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  snapshot: (): Job[] => jobs,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a write API as a job: its id at once, and the job once done or failed. */
export function startJob(api: ApiSpec, values: Values, target: string): { id: string; finished: Promise<Job> } {
  const job: Job = { id: crypto.randomUUID(), api: api.name, target, state: 'running', startedAt: Date.now() };
  publish(job);
  return { id: job.id, finished: follow(job, api, values) };
}

async function follow(job: Job, api: ApiSpec, values: Values): Promise<Job> {
  const { path, body } = requestOf(api, values);
  return track(job, () => call(api.method, path, body));
}

/** Polls a job from its first answer to its end, publishing each change. */
async function track(job: Job, first: () => Promise<Answer>): Promise<Job> {
  const update = (patch: Partial<Job>) => publish((job = { ...job, ...patch }));
  try {
    let answer = await first();
    while (answer.status === 202) {
      const location = new URL(answer.body.location, window.location.origin).pathname.replace(/^\/zstack/, '');
      update({ location, progress: answer.body.progress ?? job.progress ?? null });
      await sleep(POLL_MS);
      answer = await call('GET', location);
    }
    if (answer.status >= 200 && answer.status < 300) update({ state: 'done', result: answer.body, endedAt: Date.now() });
    else update({ state: 'failed', error: failureOf(answer).error, endedAt: Date.now() });
  } catch (err) {
    update({ state: 'failed', error: { code: 'NETWORK', description: String(err) }, endedAt: Date.now() });
  }
  return job;
}

/** Jobs still running when the page was reloaded: followed again from their location. */
export function resumeRunningJobs(): void {
  for (const job of jobs.filter((j) => j.state === 'running' && j.location)) void track(job, () => call('GET', job.location!));
}
