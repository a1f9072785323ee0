// The admin console in a real browser (Debian's chromium, headless) against a real
// management node: what an operator does from login to a failed job, with screenshots of
// the dashboard and of a host page kept under test-artifacts/ (copied to docs/ui/ with
// UPDATE_DOCS_SCREENSHOTS=1).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { FAMILIES } from '../apps/ui/src/api/families.js';
import { launchChromium } from './support/browser.js';
import { ConsolePage } from './support/console-page.js';
import { freePort, type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

const ROOT = resolve(import.meta.dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts/ui');
const DOCS_SHOTS = join(ROOT, 'docs/ui');

let node: RunningNode;
let api: ZStackClient;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let ui: ConsolePage;
let host: TestHost | undefined;

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist/ui/index.html')), 'the console is built (npm run build)').toBe(true);
  node = await startEmbeddedNode({ ZSTACK_KVM_LIBVIRT_URI: 'test:///default', ZSTACK_HOST_PING_INTERVAL: '1' });
  api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  ui = new ConsolePage(page, node.url);
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await node?.stop();
  await host?.stop();
});

// What the browser showed when a test failed, beside the other artefacts.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: join(ARTIFACTS, `failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) });
});

/** The whole page, or what the window shows (a dialog: its mask covers only the window). */
async function screenshot(name: string, fullPage = true): Promise<void> {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  // The docs' screenshots change only when asked (UPDATE_DOCS_SCREENSHOTS=1): a test run
  // leaves the tracked files as they are.
  if (process.env.UPDATE_DOCS_SCREENSHOTS !== '1') return;
  mkdirSync(DOCS_SHOTS, { recursive: true });
  copyFileSync(file, join(DOCS_SHOTS, `${name}.png`));
}

const zoneNamed = async (name: string) => (await api.call('GET', `/v1/zones?q=name=${name}`)).body.inventories[0];

it('serves the console at / with SPA fallback, hashed assets cached, and no way out of its folder', async () => {
  const index = await fetch(`${node.url}/r/zone`);
  expect(index.status).toBe(200);
  expect(index.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await index.text();
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
  const js = await fetch(`${node.url}${asset}`);
  expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(js.headers.get('cache-control')).toContain('immutable');
  expect((await fetch(`${node.url}/assets/nope.js`)).status).toBe(404);
  const traversal = await fetch(`${node.url}/..%2f..%2fpackage.json`);
  expect(await traversal.text()).not.toContain('"name": "zstack-ts"');
  expect((await fetch(`${node.url}/zstack/v1/zones`)).status).toBe(400); // the API is still the API (no session)
});

it('logs in with the sha512 of the password; a wrong one shows ID.1000', async () => {
  await page.goto(node.url);
  await page.getByLabel('Account').fill('admin');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('ID.1000');
  await ui.logIn();
  expect(await page.getByRole('menuitem', { name: 'Zones', exact: true }).count()).toBe(1);
});

it('creates a zone through the generated form, validating inline first', async () => {
  await ui.openFamily('Zones');
  await ui.openForm('Create Zone');
  await ui.modal.getByText(/^Advanced: resourceUuid/).click();
  await ui.fill('resourceUuid', 'not-a-uuid');
  await ui.modal.getByTestId('form-submit').click();
  await ui.modal.getByText('name is required').waitFor();
  await ui.modal.getByText('is not a uuid').waitFor();
  await ui.fill('resourceUuid', '');
  await ui.fill('name', 'zone-ui-1');
  await ui.fill('description', 'made in the console');
  expect(await ui.submit()).toBe('done');
  await ui.closeForm();
  await ui.row('zone-ui-1').waitFor();
  expect(await zoneNamed('zone-ui-1')).toMatchObject({ description: 'made in the console', state: 'Enabled' });
});

it('creates a cluster in that zone, picking the zone by name', async () => {
  await ui.openFamily('Clusters');
  await ui.openForm('Create Cluster');
  await ui.fill('name', 'cluster-ui-1');
  await ui.pick('zoneUuid', 'zone-ui-1');
  await ui.pick('hypervisorType', 'KVM');
  expect(await ui.submit()).toBe('done');
  await ui.closeForm();
  await ui.row('cluster-ui-1').waitFor();
  const cluster = (await api.call('GET', '/v1/clusters?q=name=cluster-ui-1')).body.inventories[0];
  expect(cluster.zoneUuid).toBe((await zoneNamed('zone-ui-1')).uuid);
});

it('filters a table with a query condition, completing fields from the query graph', async () => {
  await api.run('POST', '/v1/zones', { params: { name: 'other-zone' } });
  await ui.openFamily('Zones');
  await ui.row('other-zone').waitFor();
  // Sorting is the server's (sort=+name, then -name).
  const firstRow = () => page.locator('.ant-table-row').first().textContent();
  await page.locator('th', { hasText: /^name$/ }).click();
  await expect.poll(firstRow).toContain('other-zone');
  await page.locator('th', { hasText: /^name$/ }).click();
  await expect.poll(firstRow).toContain('zone-ui-1');
  await page.getByTestId('query-filter').locator('input').fill('clus');
  await page.locator('.ant-select-item-option:visible', { hasText: 'cluster.' }).first().waitFor();
  await ui.filter('name~=zone-ui%');
  await until('the filtered table', () => page.locator('.ant-table-row').allTextContents(), (rows) => rows.length === 1 && rows[0].includes('zone-ui-1'));
  await ui.filter('cluster.name=cluster-ui-1');
  await screenshot('zones-filtered');
  await until('the joined filter', () => page.locator('.ant-table-row').allTextContents(), (rows) => rows.length === 1 && rows[0].includes('zone-ui-1'));
  await ui.filter('nosuchfield=1');
  await expect.poll(() => page.getByTestId('query-error').textContent()).toContain('nosuchfield');
});

it('changes a zone\'s state from its detail page, which lists its clusters', async () => {
  await ui.filter('');
  await page.getByRole('link', { name: 'zone-ui-1' }).click();
  await page.getByTestId('inventory').waitFor();
  await page.getByRole('tab', { name: /cluster/ }).click();
  await ui.row('cluster-ui-1').waitFor();
  await ui.openForm('Change Zone State');
  await ui.pick('stateEvent', 'disable');
  expect(await ui.submit()).toBe('done');
  await ui.closeForm();
  await expect.poll(() => page.getByTestId('inventory').textContent()).toContain('Disabled');
  expect((await zoneNamed('zone-ui-1')).state).toBe('Disabled');
});

it('deletes a zone from its detail page', async () => {
  const other = await zoneNamed('other-zone');
  await page.goto(`${node.url}/r/zone/${other.uuid}`);
  await page.getByTestId('inventory').waitFor();
  await ui.openForm('Delete Zone');
  expect(await ui.submit()).toBe('done');
  await ui.closeForm();
  await page.waitForURL(`${node.url}/r/zone`);
  await ui.row('zone-ui-1').waitFor();
  expect(await ui.row('other-zone').count()).toBe(0);
  expect(await zoneNamed('other-zone')).toBeUndefined();
});

it('shows a failed job\'s error: AddKVMHost to a port where nothing listens is HOST.1000', async () => {
  const closedPort = await freePort();
  await ui.openFamily('Hosts');
  await ui.openForm('Add KVM Host');
  await ui.fill('name', 'host-nowhere');
  await ui.fill('managementIp', '127.0.0.1');
  await ui.fill('username', 'nobody');
  await ui.fill('password', 'not-a-secret');
  await ui.fill('sshPort', String(closedPort));
  await ui.pick('clusterUuid', 'cluster-ui-1');
  expect(await ui.submit()).toBe('failed');
  const error = await ui.modal.getByTestId('job-error').textContent();
  expect(error).toContain('HOST.1000');
  expect(error).toContain(String(closedPort));
  await ui.modal.getByTestId('job-error').scrollIntoViewIfNeeded();
  await screenshot('failed-job', false);
  await ui.closeForm();
  await page.getByRole('menuitem', { name: 'Jobs', exact: true }).click();
  const sessionJobs = page.getByTestId('session-jobs');
  const failed = sessionJobs.locator('.ant-table-row', { hasText: 'AddKVMHost' });
  await failed.waitFor();
  expect(await failed.textContent()).toContain('HOST.1000');
  expect(await sessionJobs.locator('.ant-table-row', { hasText: 'CreateZone' }).count()).toBe(1);
  // The server's own list (QueryLongJob) has it too, with its error code.
  const onServer = page.getByTestId('server-jobs').locator('.ant-table-row', { hasText: 'AddKVMHost' });
  await onServer.waitFor();
  expect(await onServer.textContent()).toContain('HOST.1000');
  await screenshot('jobs');
  expect(await page.content()).not.toContain('not-a-secret');
});

it('shows a family whose Query API answers 501 as not implemented in this release, the others as tables', async () => {
  const answers = await Promise.all(FAMILIES.map(async (f) => ({ f, status: (await api.call('GET', `${f.query.path}?limit=1`)).status })));
  const missing = answers.find((a) => a.status === 501);
  const present = answers.find((a) => a.status === 200)!;
  await page.goto(`${node.url}/r/${present.f.slug}`);
  await page.locator('.ant-table').waitFor();
  expect(await page.getByTestId('not-implemented').count()).toBe(0);
  if (missing) {
    await page.goto(`${node.url}/r/${missing.f.slug}`);
    await expect.poll(() => page.getByTestId('not-implemented').textContent()).toContain('Not implemented in this release');
  }
});

it('shows a real host\'s page and the dashboard with its capacity; screenshots kept', async () => {
  host = await startTestHost();
  const cluster = (await api.call('GET', '/v1/clusters?q=name=cluster-ui-1')).body.inventories[0];
  const added = await api.run('POST', '/v1/hosts/kvm', { params: { name: 'kvm-host-1', managementIp: host.ip, username: host.username, password: host.password, sshPort: host.sshPort, clusterUuid: cluster.uuid } }, {}, 90_000);
  expect(added.status).toBe(200);
  const uuid = added.body.inventory.uuid;
  await page.goto(`${node.url}/r/host/${uuid}`);
  await expect.poll(() => page.getByTestId('inventory').textContent()).toContain('Connected');
  expect(await page.getByRole('button', { name: 'Reconnect Host' }).count()).toBe(1);
  await screenshot('host');
  // The agent dies: the host goes Disconnected, and the dashboard says so.
  process.kill(-Number(readFileSync(`${host.agentDir}/agent.pid`, 'utf8')), 'SIGKILL');
  await until('host Disconnected', async () => (await api.call('GET', `/v1/hosts/${uuid}`)).body.inventories[0].status, (s) => s === 'Disconnected', 15_000);
  await page.getByRole('menuitem', { name: 'Dashboard' }).click();
  await page.getByTestId('dashboard').waitFor();
  await expect.poll(() => page.getByText('Hosts not connected now (1)').count()).toBe(1);
  expect(await page.locator('.ant-table-row', { hasText: 'kvm-host-1' }).count()).toBe(1);
  expect(await page.getByTestId('capacity-Host memory').textContent()).toMatch(/used of \d/);
  expect(await page.getByTestId('counts-Zone').textContent()).toContain('Disabled: 1');
  await screenshot('dashboard');
});

it('a session that ends (ID.1001) sends the operator back to the login page; log out too', async () => {
  // Runs in the page, where sessionStorage exists (this file is type-checked without the DOM).
  const pageSession = () => page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('zstack.session')).uuid as string);
  const session = await pageSession();
  const other = new ZStackClient(node.url);
  other.session = session;
  expect((await other.call('DELETE', `/v1/accounts/sessions/${session}`)).status).toBe(200);
  await page.getByRole('menuitem', { name: 'Clusters', exact: true }).click();
  await page.getByTestId('session-expired').waitFor();
  await ui.logIn();
  other.session = await pageSession();
  expect((await other.call('GET', '/v1/zones')).status).toBe(200);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  expect(await page.getByTestId('session-expired').count()).toBe(0);
  // The logged-out session is gone on the server too.
  expect((await other.call('GET', '/v1/zones')).body.error.code).toBe('ID.1001');
});
