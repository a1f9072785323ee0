// zstack-cli's server and session against a running management node whose sessions
// expire after 2 s: ZStack's `-H host -p port`, and the saved server kept when a session
// expires or ends, in one-shot mode and in the shell (a real terminal, tmux).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { CLI, ensureTmux, oneShot, Terminal } from './support/terminal.js';

const SESSION_SECONDS = 2;
/** Long enough for an unused session to expire. */
const outliveSession = () => new Promise((r) => setTimeout(r, SESSION_SECONDS * 1000 + 1500));
/** Where the CLI would go without a saved server: nothing listens there. */
const NOWHERE = { ZSTACK_CLI_SERVER: '127.0.0.1:1' };

let node: RunningNode;
let home: string;
let server: string;
const stored = () => JSON.parse(readFileSync(join(home, '.zstack-cli/session.json'), 'utf8'));

beforeAll(async () => {
  ensureTmux();
  node = await startEmbeddedNode({ ZSTACK_SESSION_TIMEOUT: String(SESSION_SECONDS) });
  server = `127.0.0.1:${node.port}`;
  home = mkdtempSync(join(tmpdir(), 'cli-session-'));
});

afterAll(async () => {
  await node?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('one-shot mode', () => {
  it('reaches the node given as -H host -p port, as ZStack\'s CLI does, and saves it', async () => {
    const login = await oneShot(home, ['-H', '127.0.0.1', '-p', String(node.port), 'LogInByAccount', 'accountName=admin', 'password=password']);
    expect(login.code).toBe(0);
    expect(stored()).toMatchObject({ server, accountName: 'admin', sessionUuid: JSON.parse(login.stdout).inventory.uuid });
    expect((await oneShot(home, ['QueryZone'], NOWHERE)).code).toBe(0);
    expect((await oneShot(home, ['-p', 'http', 'QueryZone'])).code).toBe(2);
  });

  it('after ID.1001 asks to log in again to the same node, and the login goes there', async () => {
    await outliveSession();
    const expired = await oneShot(home, ['QueryZone'], NOWHERE);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout).error.code).toBe('ID.1001');
    expect(expired.stderr).toContain(`log in again to ${server} with LogInByAccount accountName=admin password=...`);
    expect(stored()).toMatchObject({ server, sessionUuid: null });

    expect((await oneShot(home, ['LogInByAccount', 'accountName=admin', 'password=password'], NOWHERE)).code).toBe(0);
    expect(stored()).toMatchObject({ server, sessionUuid: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await oneShot(home, ['QueryZone'], NOWHERE)).code).toBe(0);
  }, 30_000);

  it('LogOut ends the session and keeps the server', async () => {
    expect((await oneShot(home, ['LogOut'], NOWHERE)).code).toBe(0);
    expect(stored()).toMatchObject({ server, sessionUuid: null });
    expect((await oneShot(home, ['LogInByAccount', 'accountName=admin', 'password=password'], NOWHERE)).code).toBe(0);
  });
});

describe('the shell', () => {
  const terminal = new Terminal(`zcli-session-${process.pid}`);
  afterAll(() => terminal.kill());

  it('shows the session ending in its prompt, keeps the node, and logs in there again', async () => {
    terminal.start(['env', `HOME=${home}`, `ZSTACK_CLI_SERVER=${NOWHERE.ZSTACK_CLI_SERVER}`, process.execPath, CLI]);
    await terminal.waitFor(`admin@${server} >>>`);
    await outliveSession();
    terminal.keys('QueryZone', 'Enter');
    await terminal.waitFor('"code": "ID.1001"');
    await terminal.waitFor(`log in again to ${server} with LogInByAccount accountName=admin password=...`);
    await terminal.waitFor(`(not logged in)@${server} >>>`);
    terminal.keys('LogInByAccount accountName=admin password=password', 'Enter');
    // The new prompt, on its own line (capture-pane drops its trailing space).
    await terminal.waitFor((screen) => screen.trimEnd().endsWith(`\nadmin@${server} >>>`));
    terminal.keys('exit', 'Enter');
    await terminal.waitForExit();
    expect(stored()).toMatchObject({ server, accountName: 'admin', sessionUuid: expect.stringMatching(/^[0-9a-f]{32}$/) });
  }, 60_000);
});
