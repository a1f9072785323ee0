// zstack-cli against a running management node: the real interactive shell driven in a
// terminal (tmux send-keys / capture-pane), and one-shot mode with its exit statuses.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { CLI, ensureTmux, oneShot, Terminal } from './support/terminal.js';

let node: RunningNode;
let home: string;
let server: string;

const cli = (...args: string[]) => oneShot(home, ['-s', server, ...args]);

beforeAll(async () => {
  ensureTmux();
  node = await startEmbeddedNode();
  server = `127.0.0.1:${node.port}`;
  home = mkdtempSync(join(tmpdir(), 'cli-home-'));
});

afterAll(async () => {
  await node?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('one-shot mode', () => {
  it('logs in, keeping the session in a file only its owner can read', async () => {
    const login = await cli('LogInByAccount', 'accountName=admin', 'password=password');
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout).inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(statSync(join(home, '.zstack-cli/session.json')).mode & 0o777).toBe(0o600);
  });

  it('runs an async call to its end and prints the inventory; exit status 0', async () => {
    const created = await cli('CreateZone', 'name=one-shot', 'description=made by a script');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).inventory).toMatchObject({ name: 'one-shot', description: 'made by a script', state: 'Enabled' });
    const queried = await cli('QueryZone', 'name=one-shot', 'fields=name', '--json');
    expect(queried.stdout.trim()).toBe('{"inventories":[{"name":"one-shot"}]}');
  });

  it('a 400 prints the server\'s error and exits 1', async () => {
    const bad = await cli('CreateZone', 'description=no name');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'SYS.1007', details: 'parameter name is required' });
  });

  it('a 503 prints the job\'s error and exits 1', async () => {
    const failed = await cli('ChangeZoneState', `uuid=${'f'.repeat(32)}`, 'stateEvent=disable');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).error).toMatchObject({ code: 'SYS.1003' });
  });

  it('--no-wait prints the job location; a usage error exits 2; an unreachable server 3', async () => {
    const noWait = await cli('CreateZone', 'name=later', '--no-wait');
    expect(JSON.parse(noWait.stdout).location).toMatch(/\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/);
    expect((await cli('NoSuchApi')).code).toBe(2);
    const away = await oneShot(home, ['-s', '127.0.0.1:1', 'QueryZone']);
    expect(away.code).toBe(3);
  });
});

describe('the interactive shell in a terminal', () => {
  const terminal = new Terminal(`zcli-${process.pid}`);
  const screen = () => terminal.screen();
  const keys = (...k: string[]) => terminal.keys(...k);
  const waitFor = (what: RegExp | string) => terminal.waitFor(what);

  beforeAll(() => {
    terminal.start(['env', `HOME=${home}`, process.execPath, CLI, '-s', server]);
  });

  afterAll(() => terminal.kill());

  it('shows who is logged in where, completes and runs commands, prints errors, and exits', async () => {
    await waitFor(`admin@${server} >>>`);

    // An API name.
    keys('CreateZ', 'Tab');
    await waitFor(/>>> CreateZone$/m);
    // A parameter, then a create that waits for its job and prints the inventory.
    keys(' na', 'Tab');
    await waitFor(/>>> CreateZone name=$/m);
    keys('from-the-shell', 'Enter');
    await waitFor('"name": "from-the-shell"');

    // A dotted join two levels deep.
    keys('QueryHost cluster.zone.na', 'Tab');
    await waitFor(/>>> QueryHost cluster\.zone\.name$/m);
    keys('C-u');
    // An allowed value.
    keys('CreateCluster hypervisorType=K', 'Tab');
    await waitFor(/>>> CreateCluster hypervisorType=KVM$/m);
    keys('C-u');

    // A bad parameter prints the server's error. (An unknown one is ignored since issue 16,
    // as ZStack ignores it; a missing one ends the job with SYS.1007.)
    keys('CreateZone description=no-name', 'Enter');
    await waitFor('parameter name is required');
    expect(screen()).toContain('"code": "SYS.1007"');

    keys('exit', 'Enter');
    await terminal.waitForExit();
    expect(terminal.alive()).toBe(false);
    const history = readFileSync(join(home, '.zstack-cli/history'), 'utf8');
    expect(history).toContain('CreateZone name=from-the-shell');
  }, 90_000);
});
