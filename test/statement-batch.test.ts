// Statements batched into one message (apps/management/src/database/statement-batch.ts)
// must be exactly the statements pg would have sent with parameters: here every value
// type a handler passes is written both ways, on the real PostgreSQL and on PGlite, and
// the rows read back must be the same.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchingConnection, type DriverConnection, withLiterals } from '../apps/management/src/database/statement-batch.js';
import { createTestDatabase } from './support/postgres.js';

const TABLE = `CREATE TABLE typed (
  id int PRIMARY KEY, label text, code varchar(32), n numeric, f double precision, flag boolean,
  at timestamptz, local_at timestamp, day date, doc jsonb, ids varchar(32)[], raw bytea)`;

const INSERT = 'INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12) RETURNING id';

/** One row of every kind a handler writes, awkward strings included. */
const rows: unknown[][] = [
  [1, "it's a \\ backslash", 'plain', 12.5, 0.1, true, new Date('2026-12-07T18:00:00.123Z'), new Date('2026-01-02T03:04:05Z'), '2026-12-07', JSON.stringify({ a: "q'uote", b: [1, 2] }), null, null],
  [2, 'ünïcödé 中文 "double" $1 -- not a comment', null, -3, 1e21, false, null, null, null, null, null, null],
  [3, '', 'x', 0, -0.5, null, new Date(0), new Date(86_400_000), null, '{}', null, null],
  // Not taken as literals (an array, a Buffer): sent on their own, in their place.
  [4, 'array', null, null, null, null, null, null, null, null, ['a', 'b'], null],
  [5, 'bytes', null, null, null, null, null, null, null, null, null, Buffer.from([0, 1, 255])],
];

describe('a parameterised statement written with literals', () => {
  it('replaces placeholders only outside quotes and comments', () => {
    expect(withLiterals(`SELECT '$1', "a$1", $1 -- $2\n, $2 /* $3 */`, ['x', 5])).toBe(`SELECT '$1', "a$1", 'x' \n, '5' `);
    expect(withLiterals(`SELECT 'it''s', $1`, [null])).toBe(`SELECT 'it''s', NULL`);
    expect(withLiterals('SELECT $1', ["a'b\\c"])).toBe(`SELECT  E'a''b\\\\c'`);
  });

  it('refuses what it cannot write exactly: dollar quoting, E strings, several statements, objects, a missing parameter', () => {
    expect(withLiterals('SELECT $$x$$', [])).toBeNull();
    expect(withLiterals(`SELECT E'\\'', $1`, [1])).toBeNull();
    expect(withLiterals('SELECT 1; SELECT 2', [])).toBeNull();
    expect(withLiterals('SELECT $1', [{ a: 1 }])).toBeNull();
    expect(withLiterals('SELECT $1', [Buffer.from('x')])).toBeNull();
    expect(withLiterals('SELECT $2', [1])).toBeNull();
    expect(withLiterals('SELECT $1', ['a\u0000b'])).toBeNull();
    expect(withLiterals('SELECT 1;', [])).toBe('SELECT 1');
  });
});

/** Writes every row with parameters on `direct` and batched on `batched`, then reads both tables back. */
async function bothWays(direct: DriverConnection, batched: DriverConnection, read: () => Promise<{ plain: unknown[]; batched: unknown[] }>) {
  for (const row of rows) await direct.query(INSERT, row);
  const answers = await Promise.all(rows.map((row) => batched.query(INSERT.replace('typed', 'typed_batched'), row)));
  expect(answers.map((a) => (a as { rows: { id: number }[] }).rows[0].id)).toEqual([1, 2, 3, 4, 5]);
  const back = await read();
  expect(back.batched).toEqual(back.plain);
  expect(back.plain).toHaveLength(rows.length);
}

describe('statements of one turn in one message', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  let lite: PGlite;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`${TABLE}; ${TABLE.replace('typed', 'typed_batched')}`);
    dir = mkdtempSync(join(tmpdir(), 'statement-batch-'));
    lite = new PGlite(dir);
    await lite.exec(`${TABLE}; ${TABLE.replace('typed', 'typed_batched')}`);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
    await lite?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on PostgreSQL: the same rows as with parameters, in two messages instead of five', async () => {
    const messages: string[] = [];
    // pg answers a text of several statements itself; queryAll here only counts the messages.
    const batched = batchingConnection({
      query: (text, params) => client.query(text, params),
      queryAll: async (text) => {
        messages.push(text);
        const results: unknown = await client.query(text);
        return Array.isArray(results) ? results : [results];
      },
    });
    await bothWays(client as unknown as DriverConnection, batched, async () => ({
      plain: (await client.query('SELECT * FROM typed ORDER BY id')).rows,
      batched: (await client.query('SELECT * FROM typed_batched ORDER BY id')).rows,
    }));
    // Rows 1-3 went together; 4 and 5 (array, Buffer) on their own, with parameters.
    expect(messages).toHaveLength(1);
    expect(messages[0].split(';\n')).toHaveLength(3);
  });

  it('on PGlite: the same rows as with parameters', async () => {
    const direct: DriverConnection = { query: (text, params) => lite.query(text, params) };
    const batched = batchingConnection({ ...direct, queryAll: (text) => lite.exec(text) });
    await bothWays(direct, batched, async () => ({
      plain: (await lite.query('SELECT * FROM typed ORDER BY id')).rows,
      batched: (await lite.query('SELECT * FROM typed_batched ORDER BY id')).rows,
    }));
  });

  it('a failing statement fails every statement of its message, and the next turn goes on', async () => {
    const batched = batchingConnection(client as unknown as DriverConnection);
    const failing = await Promise.allSettled([
      batched.query('INSERT INTO typed_batched (id) VALUES ($1)', [100]),
      batched.query('INSERT INTO typed_batched (id) VALUES ($1)', [1]), // already there
    ]);
    expect(failing.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((failing[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    // Outside a transaction the message was one implicit transaction: nothing of it stayed.
    expect((await client.query('SELECT count(*)::int AS n FROM typed_batched WHERE id = 100')).rows[0].n).toBe(0);
    const next = await batched.query('SELECT $1::int AS n', [7]);
    expect((next as { rows: { n: number }[] }).rows).toEqual([{ n: 7 }]);
  });
});
