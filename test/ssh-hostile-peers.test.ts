// The management node against "SSH servers" that accept TCP and then misbehave (close at
// once, never answer, send garbage, send a banner and go silent): real TCP listeners on
// loopback addresses. AddKVMHost is pointed at them directly; ReconnectHost, UpdateKVMHost
// and KvmRunShell meet them in place of a real host's sshd (a host added over real SSH whose
// sshd and agent are then stopped). Every job must fail with HOST.1000 naming the step, the
// node must live on, and nothing may be left behind; a node killed with such a job in
// flight must resume it at restart and survive it. SSH deadlines are shortened by setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_KINDS, type HostileKind, type HostilePeer, type HostileSshKind, startHostilePeer, startHostileSshServer } from './support/hostile-peers.js';
import { type RunningNode, startNode, tempDataDir } from './support/management-node.js';
import { loopbackAddress, startTestHost, type TestHost } from './support/test-hosts.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

const CONNECT_TIMEOUT_S = 3;
const COMMAND_TIMEOUT_S = 8; // the real host's deployment must still fit in it
const data = tempDataDir();
const env = {
  ZSTACK_DATA_DIR: data.dir,
  ZSTACK_KVM_LIBVIRT_URI: 'test:///default',
  ZSTACK_HOST_PING_INTERVAL: '1',
  ZSTACK_SSH_CONNECT_TIMEOUT: String(CONNECT_TIMEOUT_S),
  ZSTACK_SSH_COMMAND_TIMEOUT: String(COMMAND_TIMEOUT_S),
};

/** What the operator reads for each kind of peer, after the step's name. */
const REASONS: Record<HostileKind, RegExp> = {
  // closed, or reset when the node's first bytes were still unread: which one is the kernel's timing
  drop: /connect over SSH: cannot connect to \S+: the peer (closed the connection before the SSH handshake|reset the connection before the SSH login completed)/,
  hang: new RegExp(`connect over SSH: cannot connect to \\S+: no SSH handshake within ${CONNECT_TIMEOUT_S * 1000} ms`),
  garbage: new RegExp(`connect over SSH: cannot connect to \\S+: (no SSH handshake within ${CONNECT_TIMEOUT_S * 1000} ms|the peer closed the connection before the SSH handshake)`),
  'banner-then-silent': new RegExp(`connect over SSH: cannot connect to \\S+: no SSH handshake within ${CONNECT_TIMEOUT_S * 1000} ms`),
};

let node: RunningNode;
let api: ZStackClient;
let clusterUuid: string;
const peers: HostilePeer[] = [];
const hosts: TestHost[] = [];

beforeAll(async () => {
  node = await startNode(env);
  api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
  const zone = await api.run('POST', '/v1/zones', { params: { name: 'zone-hostile' } });
  const cluster = await api.run('POST', '/v1/clusters', { params: { name: 'cluster-hostile', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
  clusterUuid = cluster.body.inventory.uuid;
});

afterAll(async () => {
  await node?.stop();
  for (const p of peers) await p.close();
  for (const h of hosts) await h.stop();
  data.cleanup();
});

async function hostilePeer(kind: HostileKind, ip = loopbackAddress(), port = 0): Promise<HostilePeer> {
  const peer = await startHostilePeer(kind, ip, port);
  peers.push(peer);
  return peer;
}

const addKvmHost = (name: string, peer: HostilePeer) =>
  api.call('POST', '/v1/hosts/kvm', { params: { name, managementIp: peer.ip, username: 'root', password: 'never-sent-anywhere', sshPort: peer.port, clusterUuid } });

async function hostsNamed(name: string): Promise<number> {
  return (await api.call('GET', `/v1/hosts?q=name=${name}&count=true`)).body.total;
}

/** The node process is still the one started, and it answers /health. */
async function expectNodeAlive(): Promise<void> {
  expect(node.process.exitCode).toBeNull();
  expect(node.process.signalCode).toBeNull();
  expect((await fetch(`${node.url}/health`)).status).toBe(200);
  expect(node.output()).not.toMatch(/Unhandled 'error' event|uncaughtException|an unhandled error/);
}

function expectHostFailure(answer: { status: number; body: any }, reason: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.body.error.code).toBe('HOST.1000');
  expect(answer.body.error.details).toMatch(reason);
}

/** No SSH connection from the node to the peer stays open. */
const expectNoConnectionLeft = (peer: HostilePeer) => until(`connections to the ${peer.kind} peer closing`, async () => peer.open(), (n) => n === 0, 10_000);

describe('AddKVMHost against a peer that misbehaves', () => {
  it.each(HOSTILE_KINDS)('%s: the job fails with HOST.1000 naming the step, the node lives on, no host row and no connection remain', async (kind) => {
    const peer = await hostilePeer(kind);
    const name = `hostile-${kind}`;
    const accepted = await addKvmHost(name, peer);
    expect(accepted.status).toBe(202);
    const answer = await api.poll(accepted.body.location, 60_000);
    expectHostFailure(answer, REASONS[kind]);
    expect(answer.body.error.details).toContain(`${peer.ip}:${peer.port}`);
    expect(peer.accepted()).toBeGreaterThan(0);
    await expectNodeAlive();
    expect(await hostsNamed(name)).toBe(0);
    await expectNoConnectionLeft(peer);
  });
});

describe('AddKVMHost against an SSH server that accepts the login and then fails the first command', () => {
  const reasons: Record<HostileSshKind, RegExp> = {
    'silent-after-login': new RegExp(`check host: command 'sh' '-s': no answer from root@\\S+ within ${COMMAND_TIMEOUT_S * 1000} ms`),
    'drop-after-login': /check host: command 'sh' '-s': the connection to root@\S+ was lost/,
  };
  it.each(['silent-after-login', 'drop-after-login'] as const)('%s: the job fails with HOST.1000 naming the step, nothing remains', async (kind) => {
    const peer = await startHostileSshServer(kind, loopbackAddress());
    peers.push(peer);
    const name = `hostile-${kind}`;
    const accepted = await addKvmHost(name, peer);
    const answer = await api.poll(accepted.body.location, 60_000);
    expectHostFailure(answer, reasons[kind]);
    await expectNodeAlive();
    expect(await hostsNamed(name)).toBe(0);
    await expectNoConnectionLeft(peer);
  });
});

describe("a connected host whose sshd is replaced by a peer that misbehaves", () => {
  let host: TestHost;
  let hostUuid: string;

  beforeAll(async () => {
    host = await startTestHost();
    hosts.push(host);
    const added = await api.run('POST', '/v1/hosts/kvm', { params: { name: 'real-then-hostile', managementIp: host.ip, username: host.username, password: host.password, sshPort: host.sshPort, clusterUuid } }, {}, 90_000);
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    hostUuid = added.body.inventory.uuid;
    // The machine breaks: its agent dies and its sshd is gone; something else answers on port 22's place.
    for (const pid of await host.processes()) process.kill(pid, 'SIGKILL');
    await host.stopSshd();
    await until('the agent gone', () => host.processes(), (pids) => pids.length === 0);
  });

  it.each(HOSTILE_KINDS)('%s: ReconnectHost, UpdateKVMHost and KvmRunShell fail with HOST.1000; the host stays, Disconnected, with no agent', async (kind) => {
    const peer = await hostilePeer(kind, host.ip, host.sshPort);
    try {
      const reconnect = await api.run('PUT', `/v1/hosts/${hostUuid}/actions`, { reconnectHost: {} }, {}, 60_000);
      expectHostFailure(reconnect, REASONS[kind]);
      const inventory = (await api.call('GET', `/v1/hosts/${hostUuid}`)).body.inventories[0];
      expect(inventory.status).toBe('Disconnected');

      const update = await api.run('PUT', `/v1/hosts/kvm/${hostUuid}/actions`, { updateKVMHost: { password: 'a-new-password' } }, {}, 60_000);
      expectHostFailure(update, /the old ones are kept: cannot connect to /);

      const shell = await api.run('PUT', '/v1/hosts/kvm/actions', { kvmRunShell: { hostUuids: [hostUuid], script: 'echo never' } }, {}, 60_000);
      expect(shell.status, JSON.stringify(shell.body)).toBe(200);
      expect(shell.body.inventory[hostUuid]).toMatchObject({ returnCode: null, errorCode: { code: 'HOST.1000' } });
      expect(shell.body.inventory[hostUuid].errorCode.details).toMatch(/cannot connect to /);

      expect(peer.accepted()).toBeGreaterThanOrEqual(3);
      expect(await host.processes()).toEqual([]);
      await expectNodeAlive();
      await expectNoConnectionLeft(peer);
    } finally {
      await peer.close();
    }
  });
});

describe('a node killed while AddKVMHost waits on a silent peer', () => {
  it('resumes the job at restart; it fails with HOST.1000 naming the step and the node stays up', async () => {
    const peer = await hostilePeer('hang');
    const accepted = await addKvmHost('hostile-resumed', peer);
    expect(accepted.status).toBe(202);
    await until('the job connecting to the peer', async () => peer.accepted(), (n) => n > 0);
    await node.kill();
    const beforeRestart = peer.accepted();

    node = await startNode(env, node.port);
    api = new ZStackClient(node.url);
    expect((await api.login()).status).toBe(200);
    const answer = await api.poll(accepted.body.location, 60_000);
    expectHostFailure(answer, REASONS.hang);
    expect(peer.accepted()).toBeGreaterThan(beforeRestart); // the resumed job really tried again
    await expectNodeAlive();
    expect(await hostsNamed('hostile-resumed')).toBe(0);
    await expectNoConnectionLeft(peer);
  });
});
