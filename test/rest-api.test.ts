// The zstack/v1 wire protocol as an operator's curl sees it, against a real management
// node on the embedded default (PGlite + in-process bus).
import { ALL_APIS } from '#contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { ZStackClient } from './support/zstack-client.js';

let node: RunningNode;
let api: ZStackClient;

beforeAll(async () => {
  node = await startEmbeddedNode({ ZSTACK_JOB_RESULT_TTL: '3', ZSTACK_MAX_SESSIONS_PER_ACCOUNT: '30' });
  api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
});

afterAll(async () => {
  await node?.stop();
});

const DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/;

async function zoneCount(): Promise<number> {
  return (await api.call('GET', '/v1/zones?count=true')).body.total;
}

async function createZone(name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const done = await api.run('POST', '/v1/zones', { params: { name, ...extra } });
  expect(done.status).toBe(200);
  return done.body.inventory;
}

describe('sessions', () => {
  it('logs in with the manual\'s loginByAccount and the SDK\'s logInByAccount', async () => {
    for (const key of ['loginByAccount', 'logInByAccount']) {
      const c = new ZStackClient(node.url);
      const answer = await c.login('admin', 'password', key);
      expect(answer.status).toBe(200);
      expect(answer.body.inventory).toMatchObject({ uuid: expect.stringMatching(/^[0-9a-f]{32}$/), accountUuid: expect.any(String) });
      expect(answer.body.inventory.expiredDate).toMatch(DATE);
    }
  });

  it('refuses a wrong password with 503 ID.1000', async () => {
    const answer = await new ZStackClient(node.url).login('admin', 'wrong');
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('ID.1000');
  });

  it('answers 400 without Authorization and 503 ID.1001 for an unknown session', async () => {
    const anonymous = new ZStackClient(node.url);
    const missing = await anonymous.call('GET', '/v1/zones');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('SYS.1007');
    anonymous.session = 'f'.repeat(32);
    const bad = await anonymous.call('POST', '/v1/zones', { params: { name: 'never' } });
    expect(bad.status).toBe(503);
    expect(bad.body.error.code).toBe('ID.1001');
  });

  it('refuses one session more than the account may hold with 503 ID.1006', async () => {
    let refused: any = null;
    const opened: ZStackClient[] = [];
    for (let i = 0; i < 31 && !refused; i++) {
      const c = new ZStackClient(node.url);
      const answer = await c.login();
      if (answer.status === 200) opened.push(c);
      else refused = answer;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.body.error.code).toBe('ID.1006');
    // Logging out frees the places again.
    for (const c of opened) expect((await c.call('DELETE', `/v1/accounts/sessions/${c.session}`)).status).toBe(200);
    expect((await new ZStackClient(node.url).login()).status).toBe(200);
  });

  it('logs out: the session stops working', async () => {
    const c = new ZStackClient(node.url);
    await c.login();
    expect((await c.call('DELETE', `/v1/accounts/sessions/${c.session}`)).status).toBe(200);
    const after = await c.call('GET', '/v1/zones');
    expect(after.status).toBe(503);
    expect(after.body.error.code).toBe('ID.1001');
  });
});

describe('zones', () => {
  it('creates a zone: 202 with an absolute location, then 200 with the inventory', async () => {
    const accepted = await api.call('POST', '/v1/zones', { params: { name: 'TestZone', description: 'test zone' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${node.port}/zstack/v1/api-jobs/[0-9a-f]{32}$`));
    const done = await api.poll(accepted.body.location);
    expect(done.status).toBe(200);
    expect(done.body.inventory).toMatchObject({ name: 'TestZone', description: 'test zone', state: 'Enabled', type: 'zstack' });
    expect(done.body.inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(done.body.inventory.createDate).toMatch(DATE);
    // The result stays readable.
    expect((await api.poll(accepted.body.location)).body).toEqual(done.body);
  });

  it('honours resourceUuid and a caller-chosen X-Job-UUID', async () => {
    const uuid = 'a'.repeat(31) + '1';
    const job = 'b'.repeat(31) + '1';
    const accepted = await api.call('POST', '/v1/zones', { params: { name: 'chosen', resourceUuid: uuid } }, { 'X-Job-UUID': job });
    expect(accepted.status).toBe(202);
    expect(accepted.body.location.endsWith(`/v1/api-jobs/${job}`)).toBe(true);
    expect((await api.poll(accepted.body.location)).body.inventory.uuid).toBe(uuid);
    // The same resourceUuid again fails the job and leaves the first zone as it was.
    const again = await api.run('POST', '/v1/zones', { params: { name: 'chosen-again', resourceUuid: uuid } });
    expect(again.status).toBe(503);
    expect(again.body.error).toMatchObject({ code: 'SYS.1006', details: `a zone with uuid ${uuid} already exists` });
    expect((await api.call('GET', `/v1/zones/${uuid}`)).body.inventories.map((z: any) => z.name)).toEqual(['chosen']);
  });

  it('queries by condition, by uuid, with count, replyWithCount, sort, limit and start', async () => {
    const a = await createZone('q-alpha');
    await createZone('q-beta');
    await createZone('q-gamma');
    const byName = await api.call('GET', '/v1/zones?q=name=q-alpha');
    expect(byName.status).toBe(200);
    expect(byName.body.inventories).toEqual([a]);
    expect((await api.call('GET', `/v1/zones/${a.uuid}`)).body.inventories).toEqual([a]);
    expect((await api.call('GET', '/v1/zones?q=name~=q-%25&count=true')).body).toEqual({ total: 3 });
    const page = await api.call('GET', '/v1/zones?q=name~=q-%25&sort=-name&limit=2&start=0&replyWithCount=true');
    expect(page.body.total).toBe(3);
    expect(page.body.inventories.map((z: any) => z.name)).toEqual(['q-gamma', 'q-beta']);
    const next = await api.call('GET', '/v1/zones?q=name~=q-%25&sort=%2Bname&limit=2&start=2');
    expect(next.body.inventories.map((z: any) => z.name)).toEqual(['q-gamma']);
    expect((await api.call('GET', '/v1/zones?q=name=nothing-like-this')).body).toEqual({ inventories: [] });
  });

  it('updates a zone and changes its state through PUT actions picked by body key', async () => {
    const zone = await createZone('to-update');
    const updated = await api.run('PUT', `/v1/zones/${zone.uuid}/actions`, { updateZone: { name: 'updated', description: 'new' } });
    expect(updated.status).toBe(200);
    expect(updated.body.inventory).toMatchObject({ uuid: zone.uuid, name: 'updated', description: 'new' });
    const disabled = await api.run('PUT', `/v1/zones/${zone.uuid}/actions`, { changeZoneState: { stateEvent: 'disable' } });
    expect(disabled.body.inventory.state).toBe('Disabled');
    const enabled = await api.run('PUT', `/v1/zones/${zone.uuid}/actions`, { changeZoneState: { stateEvent: 'enable' } });
    expect(enabled.body.inventory.state).toBe('Enabled');
  });

  it('an action on a zone that does not exist ends the job with 503 SYS.1003', async () => {
    const done = await api.run('PUT', `/v1/zones/${'c'.repeat(32)}/actions`, { updateZone: { name: 'x' } });
    expect(done.status).toBe(503);
    expect(done.body.error.code).toBe('SYS.1003');
  });

  it('deleting a zone takes its clusters; the reply is {}', async () => {
    const zone = await createZone('doomed', { resourceUuid: undefined });
    const cluster = await api.run('POST', '/v1/clusters', { params: { zoneUuid: zone.uuid, name: 'c1', hypervisorType: 'KVM' }, userTags: ['rack-7'] });
    expect(cluster.status).toBe(200);
    expect(cluster.body.inventory).toMatchObject({ zoneUuid: zone.uuid, name: 'c1', hypervisorType: 'KVM', state: 'Enabled', type: 'zstack' });
    const deleted = await api.run('DELETE', `/v1/zones/${zone.uuid}?deleteMode=Permissive`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect((await api.call('GET', `/v1/zones/${zone.uuid}`)).body.inventories).toEqual([]);
    expect((await api.call('GET', `/v1/clusters/${cluster.body.inventory.uuid}`)).body.inventories).toEqual([]);
    // Deleting again is not an error, as in ZStack.
    expect((await api.run('DELETE', `/v1/zones/${zone.uuid}?deleteMode=Enforcing`)).status).toBe(200);
  });
});

describe('clusters', () => {
  it('creates, queries by zone, updates, disables and deletes a cluster', async () => {
    const zone = await createZone('cluster-home');
    const created = await api.run('POST', '/v1/clusters', { params: { zoneUuid: zone.uuid, name: 'c-main', hypervisorType: 'KVM', description: 'd' } });
    const uuid = created.body.inventory.uuid;
    const found = await api.call('GET', `/v1/clusters?q=zoneUuid=${zone.uuid}&q=hypervisorType=KVM`);
    expect(found.body.inventories.map((c: any) => c.uuid)).toEqual([uuid]);
    expect((await api.call('GET', `/v1/clusters?q=zone.name=cluster-home`)).body.inventories.map((c: any) => c.uuid)).toEqual([uuid]);
    expect((await api.run('PUT', `/v1/clusters/${uuid}/actions`, { updateCluster: { name: 'c-renamed' } })).body.inventory.name).toBe('c-renamed');
    expect((await api.run('PUT', `/v1/clusters/${uuid}/actions`, { changeClusterState: { stateEvent: 'disable' } })).body.inventory.state).toBe('Disabled');
    expect((await api.run('DELETE', `/v1/clusters/${uuid}`)).status).toBe(200);
    expect((await api.call('GET', `/v1/clusters/${uuid}`)).body.inventories).toEqual([]);
  });

  it('a cluster in a zone that does not exist fails with 503 SYS.1003 and leaves no row', async () => {
    const before = (await api.call('GET', '/v1/clusters?count=true')).body.total;
    const done = await api.run('POST', '/v1/clusters', { params: { zoneUuid: 'd'.repeat(32), name: 'orphan', hypervisorType: 'KVM' } });
    expect(done.status).toBe(503);
    expect(done.body.error.code).toBe('SYS.1003');
    expect(done.body.error.details).toContain('d'.repeat(32));
    expect((await api.call('GET', '/v1/clusters?count=true')).body.total).toBe(before);
  });
});

describe('bad input is refused (at once, or as the job\'s result) and writes nothing', () => {
  const cases: [string, () => Promise<any>, number, string, RegExp][] = [
    // Parameter errors of an asynchronous API end its job (202, then 503 on the poll), where
    // ZStack's SDKs read error codes (issue 16, REST.md's decisions); `run` polls to the end.
    ['a missing required parameter', () => api.run('POST', '/v1/zones', { params: { description: 'no name' } }), 503, 'SYS.1007', /name/],
    ['a parameter of the wrong type', () => api.run('POST', '/v1/zones', { params: { name: 42 } }), 503, 'SYS.1007', /name/],
    ['a value outside the allowed ones', () => api.run('POST', '/v1/clusters', { params: { zoneUuid: 'a'.repeat(32), name: 'x', hypervisorType: 'Xen' } }), 503, 'SYS.1007', /hypervisorType/],
    ['an unknown action key', () => api.call('PUT', `/v1/zones/${'a'.repeat(32)}/actions`, { paintZone: {} }), 400, 'SYS.1007', /paintZone/],
    ['a malformed uuid', () => api.run('PUT', '/v1/zones/not-a-uuid/actions', { updateZone: { name: 'x' } }), 503, 'SYS.1007', /uuid/],
    ['a body that is not JSON', () => api.call('POST', '/v1/zones', '{"params": '), 400, 'SYS.1007', /JSON/],
    ['a bad X-Job-UUID', () => api.call('POST', '/v1/zones', { params: { name: 'x' } }, { 'X-Job-UUID': 'not-a-uuid' }), 400, 'SYS.1007', /X-Job-UUID/],
    ['a bad X-Web-Hook', () => api.call('POST', '/v1/zones', { params: { name: 'x' } }, { 'X-Web-Hook': 'ftp://somewhere' }), 400, 'SYS.1007', /X-Web-Hook/],
    ['a wrong method', () => api.call('PATCH', '/v1/zones'), 405, 'SYS.1007', /PATCH/],
    ['an unknown URL', () => api.call('GET', '/v1/no-such-things'), 404, 'SYS.1007', /no-such-things/],
    ['a malformed query condition', () => api.call('GET', '/v1/zones?q=name'), 400, 'SYS.1007', /name/],
    ['an unknown query field', () => api.call('GET', '/v1/zones?q=colour=red'), 400, 'SYS.1007', /colour/],
  ];

  it.each(cases)('%s', async (_what, send, status, code, details) => {
    const zonesBefore = await zoneCount();
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.details).toMatch(details);
    expect(answer.body.error).toHaveProperty('description');
    expect(await zoneCount()).toBe(zonesBefore);
  });

  it('an unknown parameter is ignored, as ZStack ignores it (issue 16)', async () => {
    const done = await api.run('POST', '/v1/zones', { params: { name: 'colourless', colour: 'red' } });
    expect(done.status).toBe(200);
    expect(done.body.inventory.name).toBe('colourless');
    expect(done.body.inventory).not.toHaveProperty('colour');
  });

  it('a reused X-Job-UUID is 400 and the first job keeps its result', async () => {
    const job = 'e'.repeat(31) + '2';
    const first = await api.run('POST', '/v1/zones', { params: { name: 'first' } }, { 'X-Job-UUID': job });
    expect(first.status).toBe(200);
    const before = await zoneCount();
    const again = await api.call('POST', '/v1/zones', { params: { name: 'second' } }, { 'X-Job-UUID': job });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toMatch(/already used/);
    expect(await zoneCount()).toBe(before);
    expect((await api.poll(`${node.url}/zstack/v1/api-jobs/${job}`)).body.inventory.name).toBe('first');
  });

  it('every API of the contract has its handler: none answers 501 (or 500), whatever it is sent', async () => {
    // Resources that do not exist and empty bodies: each API refuses in its own way, none is missing.
    const c = new ZStackClient(node.url);
    expect((await c.login()).status).toBe(200);
    const answers: string[] = [];
    for (const spec of ALL_APIS) {
      const path = spec.path.replace(/\{[^}]+\}/g, 'a'.repeat(32));
      const body = spec.bodyKey ? { [spec.bodyKey]: {} } : undefined;
      const answer = await c.call(spec.method, path, spec.method === 'GET' || spec.method === 'DELETE' ? undefined : body);
      answers.push(`${spec.name} ${answer.status}`);
    }
    expect(answers.filter((a) => / 50[01]$/.test(a))).toEqual([]);
  });
});

describe('jobs', () => {
  it('an unknown job location is 404', async () => {
    expect((await api.call('GET', `/v1/api-jobs/${'0'.repeat(32)}`)).status).toBe(404);
  });

  it('a result not read for the TTL expires: the location then answers 404', async () => {
    const accepted = await api.call('POST', '/v1/zones', { params: { name: 'short-lived' } });
    const done = await api.poll(accepted.body.location);
    expect(done.status).toBe(200);
    await new Promise((r) => setTimeout(r, 3500));
    expect((await api.poll(accepted.body.location)).status).toBe(404);
  });
});

describe('the node', () => {
  it('serves an OpenAPI 3 document of every API and a health report', async () => {
    const doc: any = await fetch(`${node.url}/zstack/openapi.json`).then((r) => r.json());
    expect(doc.openapi).toMatch(/^3\./);
    expect(JSON.stringify(doc)).toContain('CreateZone');
    const health: any = await fetch(`${node.url}/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'UP', database: { reachable: true, kind: 'embedded' }, bus: { reachable: true, kind: 'in-process' } });
  });

  it('tags every log line of a job with its job uuid', async () => {
    const accepted = await api.call('POST', '/v1/zones', { params: { name: 'logged' } });
    const jobUuid = accepted.body.location.split('/').pop();
    await api.poll(accepted.body.location);
    // The log line is written just after the result commits: give the pipe a moment.
    const finishedLine = () => node.output().split('\n').filter((l) => l.includes(jobUuid)).map((l) => JSON.parse(l)).find((l) => l.msg === 'job finished');
    for (let i = 0; i < 50 && !finishedLine(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(finishedLine()).toMatchObject({ jobUuid, api: 'CreateZone', status: 200 });
  });

  it('never logs the password or the session uuid', async () => {
    const c = new ZStackClient(node.url);
    await c.login();
    await c.call('GET', '/v1/zones');
    expect(node.output()).not.toContain(c.session!);
    expect(node.output()).not.toMatch(/"password":"[^*]/);
  });
});
