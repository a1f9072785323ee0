// Accounts, authorization, login throttling and webhook safety, driven the way ZStack's
// SDKs send requests (CreateAccountAction: POST /accounts {"params": ...}; UpdateAccountAction:
// PUT /accounts/{uuid} {"updateAccount": ...}; ValidateSessionAction: GET
// /accounts/sessions/{uuid}/valid without a session), against a real node.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningNode, startEmbeddedNode, startNode, tempDataDir } from './support/management-node.js';
import { ZStackClient } from './support/zstack-client.js';

const sha512 = (s: string) => createHash('sha512').update(s).digest('hex');
const WEBHOOK_SECRET = 'accounts-test-webhook-secret';
const MAX_FAILURES = 3;

let node: RunningNode;
let admin: ZStackClient;

beforeAll(async () => {
  // A long lockout, so the refusal below cannot expire between two calls of the test.
  node = await startEmbeddedNode({ ZSTACK_LOGIN_MAX_FAILURES: String(MAX_FAILURES), ZSTACK_LOGIN_LOCKOUT: '600', ZSTACK_WEBHOOK_SECRET: WEBHOOK_SECRET });
  admin = new ZStackClient(node.url);
  expect((await admin.login()).status).toBe(200);
});

afterAll(async () => {
  await node?.stop();
});

async function createAccount(name: string, password: string, type?: string) {
  return admin.call('POST', '/v1/accounts', { params: { name, password: sha512(password), ...(type ? { type } : {}) }, systemTags: [], userTags: [] });
}

async function loggedIn(name: string, password: string): Promise<ZStackClient> {
  const client = new ZStackClient(node.url);
  expect((await client.login(name, password)).status).toBe(200);
  return client;
}

describe('a normal account created through CreateAccount', () => {
  let alice: ZStackClient;
  let adminJob: string;

  beforeAll(async () => {
    const created = await createAccount('alice', 'alice-pass');
    expect(created.status).toBe(200);
    expect(created.body.inventory).toMatchObject({ name: 'alice', type: 'Normal' });
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);
    alice = await loggedIn('alice', 'alice-pass');
    const zone = await admin.call('POST', '/v1/zones', { params: { name: 'admins-zone' } });
    adminJob = new URL(zone.body.location).pathname.replace(/^\/zstack/, '');
    expect((await admin.poll(zone.body.location)).status).toBe(200);
  });

  it('is refused with ID.1002 on zone creation, KvmRunShell and the admin job results', async () => {
    const zone = await alice.call('POST', '/v1/zones', { params: { name: 'alices-zone' } });
    expect(zone.status).toBe(503);
    expect(zone.body.error.code).toBe('ID.1002');
    const shell = await alice.call('PUT', '/v1/hosts/kvm/actions', { kvmRunShell: { hostUuids: ['0123456789abcdef0123456789abcdef'], script: 'id' } });
    expect(shell.body.error.code).toBe('ID.1002');
    const job = await alice.call('GET', adminJob);
    expect(job.status).toBe(503);
    expect(job.body.error.code).toBe('ID.1002');
    expect(JSON.stringify(job.body)).not.toContain('admins-zone');
    expect((await alice.call('GET', '/v1/zones')).body.error.code).toBe('ID.1002');
    expect((await alice.call('GET', '/v1/longjobs')).body.error.code).toBe('ID.1002'); // nor through the job listing
    // Nor through ZStack's message API, which zstack-cli speaks.
    const message = await alice.call('POST', '/api/', { 'org.zstack.header.zone.APICreateZoneMsg': { name: 'alices-zone', session: { uuid: alice.session } } });
    expect(message.body.state).toBe('Done');
    expect(JSON.parse(message.body.result)).toMatchObject({ 'org.zstack.header.zone.APICreateZoneEvent': { success: false, error: { code: 'ID.1002' } } });
    // The admin still reads its own result.
    expect((await admin.call('GET', adminJob)).body.inventory.name).toBe('admins-zone');
    expect((await admin.call('GET', '/v1/zones?q=name=alices-zone')).body.inventories).toHaveLength(0);
  });

  it('may not create accounts, and sees only itself in QueryAccount and QuerySession', async () => {
    expect((await alice.call('POST', '/v1/accounts', { params: { name: 'mallory', password: sha512('x'), type: 'SystemAdmin' } })).body.error.code).toBe('ID.1002');
    const mine = await alice.call('GET', '/v1/accounts');
    expect(mine.body.inventories.map((a: { name: string }) => a.name)).toEqual(['alice']);
    const all = await admin.call('GET', '/v1/accounts?q=type=Normal');
    expect(all.body.inventories.map((a: { name: string }) => a.name)).toContain('alice');
    expect((await admin.call('GET', '/v1/accounts?q=name=admin&count=true')).body).toEqual({ total: 1 });
    const sessions = await alice.call('GET', '/v1/accounts/sessions');
    expect(sessions.body.inventories.length).toBeGreaterThan(0);
    expect(sessions.body.inventories.every((s: { accountUuid: string }) => s.accountUuid === mine.body.inventories[0].uuid)).toBe(true);
  });

  it('changes its password through UpdateAccount: the new one logs in, the old one no more', async () => {
    const uuid = (await alice.call('GET', '/v1/accounts')).body.inventories[0].uuid;
    const withoutOld = await alice.call('PUT', `/v1/accounts/${uuid}`, { updateAccount: { password: sha512('alice-new') } });
    expect(withoutOld.body.error.code).toBe('ID.1000');
    const changed = await alice.call('PUT', `/v1/accounts/${uuid}`, { updateAccount: { uuid, password: sha512('alice-new'), oldPassword: sha512('alice-pass') } });
    expect(changed.status).toBe(200);
    expect(changed.body.inventory.name).toBe('alice');
    expect((await new ZStackClient(node.url).login('alice', 'alice-new')).status).toBe(200);
    const old = await new ZStackClient(node.url).login('alice', 'alice-pass');
    expect(old.body.error.code).toBe('ID.1000');
    // An admin changes the password of any account, another account's not by a normal one.
    const adminUuid = (await admin.call('GET', '/v1/accounts?q=name=admin')).body.inventories[0].uuid;
    expect((await alice.call('PUT', `/v1/accounts/${adminUuid}`, { updateAccount: { password: sha512('owned') } })).body.error.code).toBe('ID.1002');
  });

  it('ValidateSession answers without a session, true for a live one and false once logged out', async () => {
    const bob = await createAccount('bob', 'bob-pass');
    expect(bob.status).toBe(200);
    const client = await loggedIn('bob', 'bob-pass');
    const anonymous = new ZStackClient(node.url);
    expect((await anonymous.call('GET', `/v1/accounts/sessions/${client.session}/valid`)).body).toEqual({ valid: true });
    expect((await client.call('DELETE', `/v1/accounts/sessions/${client.session}`)).status).toBe(200);
    expect((await anonymous.call('GET', `/v1/accounts/sessions/${client.session}/valid`)).body).toEqual({ valid: false });
  });
});

describe('the admin password at start', () => {
  it('warns while the default password is in use', () => {
    expect(node.output()).toMatch(/the admin account still has the default password \(password\): change it with UpdateAccount/);
  });

  it('ignores a changed ZSTACK_ADMIN_PASSWORD on existing data, saying so, and keeps the stored one', async () => {
    const data = tempDataDir();
    try {
      const first = await startNode({ ZSTACK_DATA_DIR: data.dir, ZSTACK_ADMIN_PASSWORD: 'first-pass' });
      await first.stop();
      expect(first.output()).not.toMatch(/default password|differs/);
      const second = await startNode({ ZSTACK_DATA_DIR: data.dir, ZSTACK_ADMIN_PASSWORD: 'second-pass' });
      try {
        expect(second.output()).toMatch(/ZSTACK_ADMIN_PASSWORD differs from the admin password stored in the database and is ignored.*UpdateAccount/);
        expect((await new ZStackClient(second.url).login('admin', 'second-pass')).body.error.code).toBe('ID.1000');
        expect((await new ZStackClient(second.url).login('admin', 'first-pass')).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      data.cleanup();
    }
  }, 60_000);
});

describe('login throttling', () => {
  it(`refuses the ${MAX_FAILURES + 1}th login after ${MAX_FAILURES} failures, even with the right password; other accounts are unaffected`, async () => {
    expect((await createAccount('carol', 'carol-pass')).status).toBe(200);
    const client = new ZStackClient(node.url);
    for (let i = 0; i < MAX_FAILURES; i++) {
      const wrong = await client.login('carol', `guess-${i}`);
      expect(wrong.body.error.code).toBe('ID.1000');
      expect(wrong.body.error.details).toBe('wrong account name or password');
    }
    const refused = await client.login('carol', 'carol-pass');
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('ID.1000');
    expect(refused.body.error.details).toMatch(/too many failed logins for account carol .*retry in \d+ s/);
    expect((await new ZStackClient(node.url).login('admin', 'password')).status).toBe(200);
  });

  it('an unknown account is refused as a wrong password is, with the same answer', async () => {
    const unknown = await new ZStackClient(node.url).login('nobody-here', 'x');
    const wrong = await new ZStackClient(node.url).login('admin', 'not-the-password');
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
    expect((await admin.login()).status).toBe(200); // a success clears admin's count
  });

  it('refuses an address after four times as many failures over any accounts; another address is unaffected', async () => {
    for (let i = 0; i < MAX_FAILURES * 4; i++) await loginFrom('127.0.0.3', `probe-${i}`, 'x');
    const refused = await loginFrom('127.0.0.3', 'admin', 'password');
    expect(refused.body.error.details).toMatch(/too many failed logins .* from 127\.0\.0\.3/);
    expect((await loginFrom('127.0.0.4', 'admin', 'password')).status).toBe(200);
  });
});

/** A login sent from a chosen loopback source address (the node listens on 127.0.0.1). */
function loginFrom(localAddress: string, accountName: string, password: string): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({ logInByAccount: { accountName, password: sha512(password) } });
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${node.url}/zstack/v1/accounts/login`, { method: 'PUT', localAddress, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('webhooks', () => {
  let receiver: Server;

  afterAll(() => receiver?.close());

  it('a hook URL with user:password@ is refused with 400, and the password is never logged', async () => {
    const answer = await admin.call('POST', '/v1/zones', { params: { name: 'x' } }, { 'X-Web-Hook': 'http://hookuser:hook-s3cret@127.0.0.1:9/cb' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toMatch(/must not carry credentials/);
    expect(JSON.stringify(answer.body)).not.toContain('hook-s3cret');
    expect(node.output()).not.toContain('hook-s3cret');
  });

  it('with no allow-list, link-local and cloud metadata targets are refused', async () => {
    for (const hook of ['http://169.254.169.254/latest/meta-data', 'http://169.254.10.1/', 'http://[fe80::1]/', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/computeMetadata/v1/']) {
      const answer = await admin.call('POST', '/v1/zones', { params: { name: 'x' } }, { 'X-Web-Hook': hook });
      expect(answer.status, hook).toBe(400);
      expect(answer.body.error.details, hook).toMatch(/link-local|metadata/);
    }
  });

  it('a callback carries a timestamped signature that a receiver verifies as docs/security.md shows', async () => {
    const hookPort = await freePort();
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(hookPort, '127.0.0.1', () => r()));
    const accepted = await admin.call('POST', '/v1/zones', { params: { name: 'signed' } }, { 'X-Web-Hook': `http://127.0.0.1:${hookPort}/cb` });
    expect(accepted.status).toBe(202);
    const deadline = Date.now() + 30_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [callback] = received;
    const header = String(callback.headers['x-zstack-webhook-signature']);
    expect(verifyCallback(WEBHOOK_SECRET, header, callback.body, Date.now() / 1000)).toBe(true);
    expect(verifyCallback('another-secret', header, callback.body, Date.now() / 1000)).toBe(false);
    expect(verifyCallback(WEBHOOK_SECRET, header, callback.body.replace('signed', 'forged'), Date.now() / 1000)).toBe(false);
    // The same callback replayed ten minutes later is refused.
    expect(verifyCallback(WEBHOOK_SECRET, header, callback.body, Date.now() / 1000 + 600)).toBe(false);
  });
});

/** The receiver's check, as docs/security.md writes it. */
function verifyCallback(secret: string, header: string, rawBody: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return parts.v1.length === expected.length && timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
}
