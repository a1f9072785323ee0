// The last line of defence against an error nobody handled (an 'error' event emitted with no
// listener, a rejection nobody awaited): it must not end the management node, because the
// job that caused it stays Processing, is resumed at the next start and would end it again.
// The process guard logs every such error; when it happened inside a running job (the job
// worker runs each handler under guardJob, and Node.js keeps that context through the
// sockets, timers and promises the handler started), that job fails with it, at once.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

interface GuardedJob {
  jobUuid: string;
  fail(err: Error): void;
}

const running = new AsyncLocalStorage<GuardedJob>();

/** An error that escaped a job's handler; the job fails with it. */
export class StrayError extends Error {
  constructor(cause: Error) {
    super(`an error escaped the handler (${cause.message}); the job was stopped, the node kept running`, { cause });
  }
}

/** Runs a job's handler; an unhandled error raised anywhere in what it started rejects
 *  with a StrayError instead of reaching the process (unless the handler settled first). */
export function guardJob<T>(jobUuid: string, handler: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const once = (settle: () => void) => {
      if (settled) return;
      settled = true;
      settle();
    };
    const fail = (err: Error) => once(() => reject(new StrayError(err)));
    running.run({ jobUuid, fail }, () => {
      handler().then(
        (value) => once(() => resolve(value)),
        (err: unknown) => once(() => reject(err)),
      );
    });
  });
}

let installed: (() => void) | null = null;

/** Installs the process-wide handlers (once per process); answers how to remove them. */
export function installProcessGuard(log: Logger): () => void {
  if (installed) return installed;
  const strayError = (kind: string) => (reason: unknown) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    const job = running.getStore();
    log.error({ err, kind, strayJobUuid: job?.jobUuid }, job ? 'an unhandled error failed the job that raised it; the node keeps running' : 'an unhandled error; the node keeps running');
    job?.fail(err);
  };
  const onException = strayError('uncaughtException');
  const onRejection = strayError('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  installed = () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    installed = null;
  };
  return installed;
}
