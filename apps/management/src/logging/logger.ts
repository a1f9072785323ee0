// Structured JSON logs. Every line written while a job runs carries that job's uuid
// (through AsyncLocalStorage, so no code has to pass it along), and secrets are redacted
// by key wherever they sit in a logged object.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

interface LogContext {
  jobUuid?: string;
  api?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Keys whose values never reach a log line, at any depth pino can address. */
export const SECRET_KEYS = ['password', 'newPassword', 'oldPassword', 'secret', 'agentSecret', 'token', 'authorization', 'sessionUuid', 'passwordHash'];

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`, `headers.${k}`]);

/** An unknown LOG_LEVEL is refused by loadConfig with a clear line; until then, `info`. */
const startLevel = (level: string | undefined): string => (level && level in pino.levels.values) || level === 'silent' ? level! : 'info';

let root: Logger = pino({
  level: startLevel(process.env.LOG_LEVEL),
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

/** NestJS's own errors and warnings as JSON lines of this log. Its ExceptionHandler report of
 *  a failed start is left out: main.ts reports that failure itself, in one line. */
export function nestLogger(): LoggerService {
  const nest = (): Logger => logger('nest');
  const text = (message: unknown): string => (message instanceof Error ? message.message : String(message));
  return {
    log: () => undefined,
    error: (message: unknown, ...rest: unknown[]) => {
      if (rest.at(-1) === 'ExceptionHandler') return;
      nest().error({ context: rest.at(-1) }, text(message));
    },
    warn: (message: unknown, ...rest: unknown[]) => nest().warn({ context: rest.at(-1) }, text(message)),
  };
}
