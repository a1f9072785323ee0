// zstack-cli habits of ZStack's CLI and cloudmonkey users, driven through a real terminal
// (tmux send-keys / capture-pane) against a running management node: secrets masked in
// the history, help <API>, --json/--no-wait inside the shell, sortBy=/sortDirection=,
// more/save to page through and keep a long result.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { CLI, ensureTmux, oneShot, Terminal } from './support/terminal.js';
import { ZStackClient } from './support/zstack-client.js';

const SECRET = 'Pw-4-history';
const QUOTED_SECRET = 'two words-4-history';
const NO_CLUSTER = 'f'.repeat(32);

let node: RunningNode;
let home: string;
let server: string;
const terminal = new Terminal(`zcli-habits-${process.pid}`);
const count = (text: string, what: string) => text.split(what).length - 1;
const prompt = () => `admin@${server} >>>`;

/** Types a line on a clear screen; waits for `until`, then for the prompt after the output. */
async function type(line: string, until: RegExp | string): Promise<string> {
  await terminal.clear();
  terminal.keys(line, 'Enter');
  await terminal.waitFor(until);
  return terminal.waitFor((screen) => screen.trimEnd().endsWith(prompt()));
}

beforeAll(async () => {
  ensureTmux();
  node = await startEmbeddedNode();
  server = `127.0.0.1:${node.port}`;
  home = mkdtempSync(join(tmpdir(), 'cli-habits-'));
  expect((await oneShot(home, ['-s', server, 'LogInByAccount', 'accountName=admin', 'password=password'])).code).toBe(0);
  // A history written by an older zstack-cli, with a password in clear.
  mkdirSync(join(home, '.zstack-cli'), { recursive: true });
  writeFileSync(join(home, '.zstack-cli/history'), 'AddKVMHost name=old username=root password=old-clear-secret\nQueryZone\n');
  // The default pager (less), whatever the test runner's environment says.
  terminal.start(['env', '-u', 'PAGER', `HOME=${home}`, process.execPath, CLI, '-s', server]);
  await terminal.waitFor(prompt());
}, 90_000);

afterAll(async () => {
  terminal.kill();
  await node?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('secret parameters in the shell', () => {
  it('keeps passwords out of the history file, the recalled lines, the result history and the output', async () => {
    const history = join(home, '.zstack-cli/history');
    expect(readFileSync(history, 'utf8')).toBe('AddKVMHost name=old username=root password=\nQueryZone\n');

    const failed = /"code": "[A-Z]+\.\d+"/;
    let screen = await type(`AddKVMHost name=h1 managementIp=127.0.0.9 username=root password=${SECRET} clusterUuid=${NO_CLUSTER}`, failed);
    // Only the line as it was typed shows it: the answer and the error do not repeat it.
    expect(count(screen, SECRET)).toBe(1);
    screen = await type(`AddKVMHost name=h2 managementIp=127.0.0.9 username=root password="${QUOTED_SECRET}" clusterUuid=${NO_CLUSTER}`, failed);
    expect(count(screen, QUOTED_SECRET)).toBe(1);
    // A space typed after password= leaves the secret a word of its own: hidden as well.
    screen = await type('AddKVMHost name=h3 password= loose-4-history', 'error: "******" is not key=value');
    expect(count(screen, 'loose-4-history')).toBe(1);

    const lines = readFileSync(history, 'utf8');
    expect(lines).toContain(`AddKVMHost name=h1 managementIp=127.0.0.9 username=root password= clusterUuid=${NO_CLUSTER}\n`);
    expect(lines).toContain(`AddKVMHost name=h2 managementIp=127.0.0.9 username=root password= clusterUuid=${NO_CLUSTER}\n`);
    expect(lines).toContain('AddKVMHost name=h3 password= \n');
    expect(lines).not.toContain('4-history');
    expect(statSync(history).mode & 0o777).toBe(0o600);

    // Up brings the line back without its password.
    await terminal.clear();
    terminal.keys('Up', 'Up');
    screen = await terminal.waitFor(`>>> AddKVMHost name=h2 managementIp=127.0.0.9 username=root password= clusterUuid=${NO_CLUSTER}`);
    expect(screen).not.toContain('4-history');
    terminal.keys('C-u');

    // `more` lists the commands with their secrets masked; the kept results hold none.
    screen = await type('more', 'more N: show result N');
    expect(screen).toMatch(new RegExp(`\\[1\\]\\s+! AddKVMHost name=h2 managementIp=127\\.0\\.0\\.9 username=root password=\\*{6} clusterUuid=${NO_CLUSTER}`));
    expect(screen).not.toContain('4-history');
    const results = join(home, '.zstack-cli/results');
    for (const file of readdirSync(results)) expect(readFileSync(join(results, file), 'utf8')).not.toContain('4-history');
  }, 60_000);
});

describe('ZStack CLI and cloudmonkey habits in the shell', () => {
  it('help <API> and <API> -h list the parameters, their types and which are required or secret', async () => {
    let screen = await type('help AddKVMHost', 'userTags=');
    expect(screen).toContain('AddKVMHost: Add a KVM host to a cluster via SSH.');
    expect(screen).toContain('POST /zstack/v1/hosts/kvm, asynchronous');
    expect(screen).toMatch(/clusterUuid=\s+String, required\s+Cluster UUID/);
    expect(screen).toMatch(/password=\s+String, required, secret\s+SSH password \(masked in the history\)/);
    expect(screen).toMatch(/sshPort=\s+Integer, optional/);
    screen = await type('QueryHost -h', 'sortDirection=');
    expect(screen).toMatch(/joins:\s+.*cluster\./);
    expect(screen).toMatch(/sortDirection=\s+String, optional\s+.*One of: asc, desc/);
    await type('help NoSuchApi', 'error: unknown API NoSuchApi');
  }, 30_000);

  it('--json and --no-wait work inside the shell, as on the command line', async () => {
    let screen = await type('CreateZone name=shell-json --json', /\{"inventory":\{"uuid":"[0-9a-f]{32}","name":"shell-json"/);
    expect(screen).not.toContain('    "inventory"');
    screen = await type('CreateZone name=shell-later --no-wait', /"location": "http:\/\/[^"]+\/zstack\/v1\/api-jobs\/[0-9a-f]{32}"/);
    expect(screen).not.toContain('"name": "shell-later"');
  }, 30_000);

  it('pages through a long result with more N, and saves it with save N', async () => {
    const api = new ZStackClient(node.url);
    await api.login();
    for (let i = 1; i <= 12; i++) {
      const created = await api.call('POST', '/v1/zones', { params: { name: `page-${String(i).padStart(2, '0')}` } });
      expect((await api.poll(created.body.location)).status).toBe(200);
    }
    await type('QueryZone name~=page-% sortBy=name sortDirection=desc fields=name,uuid', '"name": "page-01"');

    // The pager (less) shows the first screen, the command on top, and waits.
    await terminal.clear();
    terminal.keys('more 1', 'Enter');
    let screen = await terminal.waitFor(/^:\s*$/m);
    expect(screen).toMatch(/Command:\s+QueryZone name~=page-% sortBy=name sortDirection=desc fields=name,uuid\nResult:/);
    expect(screen).toContain('"name": "page-12"');
    expect(screen).not.toContain('"name": "page-01"');
    terminal.keys('Space');
    screen = await terminal.waitFor('(END)');
    expect(screen).toContain('"name": "page-01"');
    terminal.keys('q');
    await terminal.waitFor((text) => text.trimEnd().endsWith(prompt()));

    // save N FILE and save N DIR, as ZStack's CLI names them.
    const target = mkdtempSync(join(tmpdir(), 'cli-save-'));
    await type(`save 1 ${join(target, 'zones.json')}`, `to ${join(target, 'zones.json')}`);
    await type(`save 1 ${target}`, `to ${join(target, 'QueryZone-1.json')}`);
    const saved = JSON.parse(readFileSync(join(target, 'zones.json'), 'utf8'));
    const names = saved.inventories.map((z: { name: string }) => z.name);
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `page-${String(12 - i).padStart(2, '0')}`));
    expect(readFileSync(join(target, 'QueryZone-1.json'), 'utf8')).toBe(readFileSync(join(target, 'zones.json'), 'utf8'));
    await type('save 99', 'error: no result 99');
    await type(`save 1 ${join(target, 'no-such-dir', 'x.json')}`, 'error: cannot write');
    rmSync(target, { recursive: true, force: true });
  }, 90_000);
});
