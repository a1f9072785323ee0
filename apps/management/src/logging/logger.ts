// Structured JSON logs. Every line written while a job runs carries that job's uuid
// (through AsyncLocalStorage, so no code has to pass it along), and secrets are redacted
// by key wherever they sit in a logged object.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';

interface LogContext {
  jobUuid?: string;
  api?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Keys whose values never reach a log line, at any depth pino can address. */
export const SECRET_KEYS = ['password', 'newPassword', 'oldPassword', 'secret', 'agentSecret', 'token', 'authorization', 'sessionUuid', 'passwordHash'];

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`, `headers.${k}`]);

let root: Logger = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { pid: process.pid },
  redact: { paths: redactPaths, censor: '*****' },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => ({ ...context.getStore() }),
});

export function setRootLogger(logger: Logger): void {
  root = logger;
}

export function logger(component: string): Logger {
  return root.child({ component });
}

export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ctx }, fn);
}

export function currentJobUuid(): string | undefined {
  return context.getStore()?.jobUuid;
}
