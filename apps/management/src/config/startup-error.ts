// What an operator reads when the node cannot start: one line naming the setting at fault
// and what to do, never a stack trace. Errors the node did not foresee keep their stack
// (main.ts logs them), since those are bugs to report.

/** A start-up failure already worded for the operator. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

interface PgLikeError {
  code?: string;
  message?: string;
  address?: string;
  port?: number;
}

/** Where DATABASE_URL points, without its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)';
    return `database "${database}" as user "${decodeURIComponent(u.username) || '(default)'}" at ${u.hostname || 'localhost'}:${u.port || 5432}`;
  } catch {
    return 'the database of DATABASE_URL';
  }
}

/** The operator's line for a failure to open PostgreSQL, or null when it is not one we know. */
export function databaseStartupError(err: unknown, databaseUrl: string): StartupError | null {
  const e = err as PgLikeError;
  const where = describeDatabaseUrl(databaseUrl);
  switch (e?.code) {
    case '28P01':
    case '28000':
      return new StartupError(`DATABASE_URL: PostgreSQL refused the credentials for ${where} (${e.message}); fix the user name or password in DATABASE_URL`);
    case '3D000':
      return new StartupError(`DATABASE_URL: ${where} does not exist; create it (docs/installation.md: createdb) or fix the database name in DATABASE_URL`);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return new StartupError(`DATABASE_URL: cannot reach PostgreSQL for ${where} (${e.code}); start PostgreSQL or fix the host and port in DATABASE_URL`);
    default:
      return null;
  }
}

/** The line to print for a start-up failure, or null for an unforeseen one (logged with its stack). */
export function startupFailureLine(err: unknown): string | null {
  return err instanceof StartupError ? `zstack management node: ${err.message}` : null;
}
