// Preloaded into a benchmarked management node (NODE_OPTIONS=--import): counts the SQL
// statements it sends to PostgreSQL through `pg` (each one a round trip; BEGIN and COMMIT
// included) and writes the running count to BENCH_SQL_COUNT_FILE, so bench:api can divide
// it by the jobs it ran. Not loaded by the product.
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.env.BENCH_SQL_COUNT_FILE;
if (file) {
  const pg = createRequire(import.meta.url)('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
  const original = pg.Client.prototype.query;
  let statements = 0;
  const trace = process.env.BENCH_SQL_TRACE;
  pg.Client.prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
    statements++;
    // BENCH_SQL_TRACE=<file>: each statement's text too, to see which ones a job costs.
    if (trace) appendFileSync(trace, `${String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text).replace(/\s+/g, ' ').slice(0, 120)}\n`);
    return original.apply(this, args);
  };
  // Written aside and renamed, so the bench never reads a file truncated mid-write (it read 0).
  const flush = () => {
    writeFileSync(`${file}.part`, String(statements));
    renameSync(`${file}.part`, file);
  };
  setInterval(flush, 500).unref();
  process.on('exit', flush);
}
