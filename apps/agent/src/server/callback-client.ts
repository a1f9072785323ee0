// Posts a long operation's outcome to the management node. The management node may be
// restarting or failing over when an hour-long update ends, so a failed post is retried.
import { bearer, type AgentReply } from '#agent-protocol';
import type { AgentLog } from '../agent-log.js';

/** What every long operation's final callback carries at least. */
export type TaskCallback = AgentReply & { taskUuid: string };

export interface CallbackPoster {
  post(url: string, callback: TaskCallback): Promise<boolean>;
  /** One attempt, no retry: progress that arrives late is worth nothing; the next one replaces it. */
  progress(url: string, progress: { taskUuid: string }): Promise<boolean>;
}

export class HttpCallbackPoster implements CallbackPoster {
  constructor(
    private readonly secret: string,
    private readonly log: AgentLog,
    /** Waits between attempts; the last attempt comes some 30 s after the first. */
    private readonly retryDelaysMs: readonly number[] = [1_000, 2_000, 5_000, 10_000, 10_000],
  ) {}

  async post(url: string, callback: TaskCallback): Promise<boolean> {
    const body = JSON.stringify(callback);
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await sleep(this.retryDelaysMs[attempt - 1]);
      const outcome = await this.postOnce(url, body);
      this.log.write('callback', { url, taskUuid: callback.taskUuid, attempt: attempt + 1, outcome });
      if (outcome === 'delivered') return true;
    }
    return false;
  }

  async progress(url: string, progress: { taskUuid: string }): Promise<boolean> {
    return (await this.postOnce(url, JSON.stringify(progress))) === 'delivered';
  }

  private async postOnce(url: string, body: string): Promise<string> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: bearer(this.secret), 'content-type': 'application/json' },
        body,
        // A redirect would carry the secret to wherever it points.
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.ok ? 'delivered' : `HTTP ${response.status}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
