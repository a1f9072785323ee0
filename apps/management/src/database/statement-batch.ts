// Statements issued in the same turn of the event loop, sent to the database as one
// message. The jobs of a group (job-store.ts completeAll) run their handlers side by side
// in one transaction; each handler awaits its own statements, so without this every one
// of them would be a round trip of its own: a write that wakes PostgreSQL (or a call into
// PGlite) per statement, which is what a job costs most on a busy two-core machine.
//
// A batch is a multi-statement simple query, so its parameters go in as literals, written
// as pg itself writes parameters (pg's prepareValue, then quoted as pg's escapeLiteral
// does): PostgreSQL resolves a quoted literal's type from its context just as it does an
// untyped parameter's. A statement this cannot take exactly (a Buffer or an object among
// its parameters, dollar quoting, several statements in one text) is sent on its own, in
// its place. A failing statement fails its whole batch (PostgreSQL stops at the first
// error of a message), which is no loss: it has aborted the transaction anyway.
import { createRequire } from 'node:module';
import pg from 'pg';

/** A driver connection as a query runner holds it: pg's client (which answers a text of
 *  several statements with each one's result) or the PGlite driver's (whose `queryAll` does). */
export interface DriverConnection {
  query(text: string, params?: unknown[]): Promise<unknown>;
  queryAll?(text: string): Promise<unknown[]>;
}

/** Runs a text of several statements and answers each statement's result, in order. */
function runStatementsOn(connection: DriverConnection): (text: string) => Promise<unknown[]> {
  if (connection.queryAll) return (text) => connection.queryAll!(text);
  return async (text) => {
    const results = await connection.query(text);
    return Array.isArray(results) ? results : [results];
  };
}

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };

interface Pending {
  text: string;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/** A connection whose parameterised statements of one turn go as one message. */
export function batchingConnection(connection: DriverConnection): DriverConnection {
  const runStatements = runStatementsOn(connection);
  let pending: Pending[] = [];
  // One message at a time, in order: pg queues a query sent while another runs, but says
  // it will stop doing so.
  let tail: Promise<unknown> = Promise.resolve();
  const send = <T>(run: () => Promise<T>): Promise<T> => {
    const sent = tail.then(run, run);
    tail = sent.catch(() => undefined);
    return sent;
  };
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) return void send(() => connection.query(batch[0].text)).then(batch[0].resolve, batch[0].reject);
    send(() => runStatements(batch.map((p) => p.text).join(';\n'))).then(
      (results) => {
        if (results.length !== batch.length) {
          const err = new Error(`a batch of ${batch.length} statements answered ${results.length} results`);
          return batch.forEach((p) => p.reject(err));
        }
        batch.forEach((p, i) => p.resolve(results[i]));
      },
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  };
  return {
    query(text: string, params?: unknown[]): Promise<unknown> {
      const inline = withLiterals(text, params ?? []);
      if (inline === null) {
        // In its place: what was batched before it goes first.
        if (pending.length > 0) flush();
        return send(() => connection.query(text, params));
      }
      return new Promise((resolve, reject) => {
        if (pending.length === 0) setImmediate(() => pending.length > 0 && flush());
        pending.push({ text: inline, resolve, reject });
      });
    },
  };
}

/** The statement with each `$n` replaced by its parameter as a literal, or null where that
 *  would not be exactly the statement pg sends (see above). */
export function withLiterals(text: string, params: unknown[]): string | null {
  const literals: string[] = [];
  for (const value of params) {
    const literal = literalOf(value);
    if (literal === null) return null;
    literals.push(literal);
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      // A quoted string or identifier; a doubled quote stays inside it.
      let end = i + 1;
      for (;;) {
        end = text.indexOf(c, end);
        if (end < 0) return null;
        if (text[end + 1] === c) end += 2;
        else break;
      }
      // A backslash escape string (E'...') ends elsewhere than it seems: not taken.
      if (c === "'" && /[eE]$/.test(text.slice(Math.max(0, i - 1), i)) && !/\w/.test(text[i - 2] ?? '')) return null;
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (c === '$') {
      const digits = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (!digits) return null; // dollar quoting
      const n = Number(digits[1]);
      if (n < 1 || n > literals.length) return null;
      out += literals[n - 1];
      i += digits[0].length;
    } else if (c === ';') {
      if (text.slice(i + 1).trim() !== '') return null; // several statements
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function literalOf(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL';
  // A NUL would end the simple query's text early: such a parameter goes as one, and
  // PostgreSQL refuses it cleanly.
  if (typeof value === 'string') return value.includes('\u0000') ? null : pg.escapeLiteral(value);
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return pg.escapeLiteral(String(value));
  if (value instanceof Date && !Number.isNaN(value.getTime())) return pg.escapeLiteral(prepareValue(value) as string);
  return null;
}
