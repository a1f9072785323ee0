// Telling "the database is down or unreachable" from every other failure, so a call made
// during an outage answers 503 SYS.1010 (retriable) rather than 500. The signs are the
// PostgreSQL SQLSTATEs of lost or refused connections and the socket errors of the driver.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
const MESSAGES = /connection terminated|terminating connection|timeout exceeded when trying to connect|not currently accepting connections|connection error|Connection refused|the database system is (starting up|shutting down|in recovery mode)/i;

function matches(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SQLSTATES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))) return true;
  return typeof message === 'string' && MESSAGES.test(message);
}

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (matches(e)) return true;
    const next = e as { driverError?: unknown; cause?: unknown; errors?: unknown[] };
    if (Array.isArray(next.errors) && next.errors.some(matches)) return true;
    e = next.driverError ?? next.cause;
  }
  return false;
}
