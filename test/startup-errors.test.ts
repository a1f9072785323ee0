// What an operator sees when the node cannot start: the built node, started with one bad
// setting, exits 1 with one line naming the setting and what to do, and no stack trace.
// The wrong password is tried on a PostgreSQL of the test's own (initdb with password
// authentication), since the machine's PostgreSQL trusts loopback.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNodeToExit, startNode, tempDataDir } from './support/management-node.js';
import { ensurePackages } from './support/test-hosts.js';

const SECRET = 'not-the-password-3f9a';

/** Exit 1, one line on stderr matching `line`, nothing that looks like a stack trace. */
function expectOneLine(result: Awaited<ReturnType<typeof runNodeToExit>>, line: RegExp): void {
  expect(result.code, result.stdout + result.stderr).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^zstack management node: /);
  expect(lines[0]).toMatch(line);
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at |Error:|ErrnoError/);
  expect(result.stdout + result.stderr).not.toContain(SECRET);
}

describe('a bad setting', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeAll(() => {
    data = tempDataDir();
  });
  afterAll(() => data.cleanup());

  it.each([
    ['PORT', 'abc', /PORT must be a non-negative integer, got "abc"/],
    ['PORT', '70000', /PORT must be a TCP port \(1-65535\), got "70000"/],
    ['ZSTACK_HOST_PING_INTERVAL', '-1', /ZSTACK_HOST_PING_INTERVAL must be a positive number of seconds, got "-1"/],
    ['ZSTACK_SESSION_TIMEOUT', '1.5', /ZSTACK_SESSION_TIMEOUT must be a non-negative integer, got "1.5".*default \(7200\)/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "verbose"/],
    ['DATABASE_URL', `mysql://root:${SECRET}@127.0.0.1:3306/zstack`, /DATABASE_URL must be a PostgreSQL URL .*got a mysql:\/\/ URL/],
  ])('%s=%s: one line naming it, exit 1', async (name, value, line) => {
    expectOneLine(await runNodeToExit({ ZSTACK_DATA_DIR: data.dir, [name]: value }), line);
  });

  it('a data dir that cannot be written: one line with its path', async () => {
    const file = join(data.dir, 'a-file');
    writeFileSync(file, '');
    // As root every folder is writable: a path through a plain file is not.
    expectOneLine(await runNodeToExit({ ZSTACK_DATA_DIR: join(file, 'data') }), new RegExp(`ZSTACK_DATA_DIR: cannot write ${file}/data/pgdata \\(ENOTDIR\\)`));
  });

  it('a database that does not exist: one line naming it, exit 1', async () => {
    expectOneLine(
      await runNodeToExit({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/zstack_no_such_db' }),
      /DATABASE_URL: database "zstack_no_such_db" as user "postgres" at 127.0.0.1:5432 does not exist; create it/,
    );
  });

  it('PostgreSQL not listening: one line naming host and port, exit 1', async () => {
    const port = await freePort();
    expectOneLine(await runNodeToExit({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/zstack` }), new RegExp(`cannot reach PostgreSQL for .* at 127.0.0.1:${port} \\(ECONNREFUSED\\)`));
  });
});

describe('a wrong database password', () => {
  let dir: string;
  let port: number;
  const asPostgres = (argv: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...argv], { stdio: 'pipe' });

  beforeAll(async () => {
    ensurePackages({ postgresql: '/usr/lib/postgresql' }); // initdb and pg_ctl, on a machine whose PostgreSQL runs elsewhere
    const bin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1)!, 'bin');
    dir = mkdtempSync(join(tmpdir(), 'zstack-pg-'));
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'pw'), 'right-password\n');
    execFileSync('chown', ['postgres', join(dir, 'pw')]);
    asPostgres([`${bin}/initdb`, '-D', join(dir, 'data'), '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${join(dir, 'pw')}`]);
    port = await freePort();
    asPostgres([`${bin}/pg_ctl`, '-D', join(dir, 'data'), '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  }, 120_000);

  afterAll(() => {
    const bin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1)!, 'bin');
    if (existsSync(join(dir, 'data', 'postmaster.pid'))) spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, '-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('one line saying PostgreSQL refused the credentials, without the password, exit 1', async () => {
    expectOneLine(
      await runNodeToExit({ DATABASE_URL: `postgres://postgres:${SECRET}@127.0.0.1:${port}/postgres` }),
      new RegExp(`DATABASE_URL: PostgreSQL refused the credentials for database "postgres" as user "postgres" at 127.0.0.1:${port} .*fix the user name or password`),
    );
  });
});

describe('two nodes on one ZSTACK_DATA_DIR', () => {
  it('the second refuses to start while the first runs; after a stop, or a crash, the next one starts', async () => {
    const data = tempDataDir();
    try {
      const first = await startNode({ ZSTACK_DATA_DIR: data.dir });
      const second = await runNodeToExit({ ZSTACK_DATA_DIR: data.dir });
      expectOneLine(second, new RegExp(`ZSTACK_DATA_DIR ${data.dir} is in use by another management node \\(pid ${first.process.pid} `));
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
      await first.stop();
      const third = await startNode({ ZSTACK_DATA_DIR: data.dir });
      await third.kill(); // a crash leaves its lock behind: the next start takes it over
      const fourth = await startNode({ ZSTACK_DATA_DIR: data.dir });
      await fourth.stop();
    } finally {
      data.cleanup();
    }
  });
});

