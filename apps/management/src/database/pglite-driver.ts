// A `pg`-shaped driver over PGlite for TypeORM's postgres dialect.
// PGlite is one connection. TypeORM gives each query runner its own "client" and runs a
// transaction as BEGIN/.../COMMIT on it, so clients must not interleave: each client
// holds the connection exclusively from connect() to release(), like a pool of size one.
import { EventEmitter } from 'node:events';
import { PGlite, types } from '@electric-sql/pglite';

type Callback = (err: Error | null, result?: unknown) => void;

class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }
}

function runQuery(db: PGlite, text: string, params: unknown, cb?: Callback): Promise<unknown> {
  const hasParams = Array.isArray(params) && params.length > 0;
  // exec() runs multi-statement strings (migrations); TypeORM wants the last result.
  const run = hasParams
    ? db.query(text, params as unknown[])
    : db.exec(text).then((results) => results[results.length - 1] ?? { rows: [], fields: [] });
  return run.then(
    (result) => {
      cb?.(null, result);
      return result;
    },
    (error: Error) => {
      cb?.(error);
      throw error;
    },
  );
}

export function pgliteDriver(db: PGlite): { Pool: new () => EventEmitter } {
  const lock = new ConnectionLock();

  // TypeORM listens for 'error'/'notice' on a client; PGlite raises neither.
  class Client extends EventEmitter {
    query(text: string, params?: unknown, cb?: Callback): Promise<unknown> {
      if (typeof params === 'function') return runQuery(db, text, undefined, params as Callback);
      return runQuery(db, text, params, cb);
    }

    /** Every statement's result of a multi-statement text (statement-batch.ts). */
    queryAll(text: string): Promise<unknown[]> {
      return db.exec(text);
    }
  }

  class Pool extends EventEmitter {
    connect(cb: (err: Error | null, client?: Client, release?: () => void) => void): void {
      lock.acquire().then((release) => cb(null, new Client(), release), (err: Error) => cb(err));
    }

    async query(text: string, params?: unknown, cb?: Callback): Promise<unknown> {
      const release = await lock.acquire();
      try {
        return await new Client().query(text, params, cb);
      } finally {
        release();
      }
    }

    end(cb?: (err: Error | null) => void): void {
      db.close().then(() => cb?.(null), (err: Error) => cb?.(err));
    }
  }

  return { Pool };
}

/** PGlite serialises JS booleans as 't'/'f' text, which PostgreSQL rejects for some
 *  parameter positions; send the SQL literals as `pg` effectively does. */
export const pgliteSerializers = {
  [types.BOOL]: (value: unknown): string => (value === true || value === 'true' ? 'TRUE' : value === false || value === 'false' ? 'FALSE' : String(value)),
};
