// KVM hosts for real: AddKVMHost connects to a real sshd, uploads and starts the real
// agent bundle, and the agent reads this machine's real facts (its hypervisor driver runs
// against libvirt's test driver, test:///default). The ping tracker runs every second.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lacksHardwareVirtualisation, type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

const PING_INTERVAL_S = 1;
const AGENT_BUNDLE = resolve(import.meta.dirname, '../dist/agent/zstack-agent.mjs');
/** The test hosts are this machine: without hardware virtualisation, the node accepts them
 *  only because the tests allow emulation (management-node.ts). */
const noHardwareVirtualisation = lacksHardwareVirtualisation();

let node: RunningNode;
let api: ZStackClient;
let clusterUuid: string;
const hosts: TestHost[] = [];

beforeAll(async () => {
  node = await startEmbeddedNode({
    ZSTACK_KVM_LIBVIRT_URI: 'test:///default',
    ZSTACK_HOST_PING_INTERVAL: String(PING_INTERVAL_S),
    ZSTACK_NODE_HEARTBEAT_INTERVAL: '1',
  });
  api = new ZStackClient(node.url);
  expect((await api.login()).status).toBe(200);
  const zone = await api.run('POST', '/v1/zones', { params: { name: 'zone-kvm' } });
  const cluster = await api.run('POST', '/v1/clusters', { params: { name: 'cluster-kvm', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
  clusterUuid = cluster.body.inventory.uuid;
});

afterAll(async () => {
  await node?.stop();
  for (const h of hosts) await h.stop();
});

async function newHost(options?: Parameters<typeof startTestHost>[0]): Promise<TestHost> {
  const h = await startTestHost(options);
  hosts.push(h);
  return h;
}

const addHost = (h: TestHost, overrides: Record<string, unknown> = {}, on: ZStackClient = api) =>
  on.run('POST', '/v1/hosts/kvm', { params: { name: `host-${h.username}`, managementIp: h.ip, username: h.username, password: h.password, sshPort: h.sshPort, clusterUuid, ...overrides } }, {}, 90_000);

async function queryHost(uuid: string): Promise<any> {
  return (await api.call('GET', `/v1/hosts/${uuid}`)).body.inventories[0];
}

async function hostsNamed(name: string, on: ZStackClient = api): Promise<number> {
  return (await on.call('GET', `/v1/hosts?q=name=${name}&count=true`)).body.total;
}

/** Waits for the host's status; answers how long it took. */
async function waitForStatus(uuid: string, status: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await until(`host ${uuid} becoming ${status}`, async () => (await queryHost(uuid)).status, (s) => s === status, timeoutMs);
  return Date.now() - started;
}

/** The refused cases: HOST.1000 with a reason, and nothing left behind. */
async function expectRefusedCleanly(h: TestHost, answer: Awaited<ReturnType<typeof addHost>>, reason: RegExp, on: ZStackClient = api): Promise<void> {
  expect(answer.status).toBe(503);
  expect(answer.body.error.code).toBe('HOST.1000');
  expect(answer.body.error.details).toMatch(reason);
  expect(await hostsNamed(`host-${h.username}`, on)).toBe(0);
  expect(await h.processes()).toEqual([]);
  expect(existsSync(`${h.home}/.zstack`)).toBe(false);
}

describe('two hosts over real SSH', () => {
  let a: TestHost;
  let b: TestHost;
  let hostA: any;
  let hostB: any;

  beforeAll(async () => {
    [a, b] = await Promise.all([newHost(), newHost()]);
  });

  it('adds both: each ends Connected with the machine\'s real facts', async () => {
    const [ra, rb] = await Promise.all([addHost(a), addHost(b)]);
    expect(ra.status, JSON.stringify(ra.body)).toBe(200);
    expect(rb.status, JSON.stringify(rb.body)).toBe(200);
    hostA = ra.body.inventory;
    hostB = rb.body.inventory;
    for (const [h, inv] of [[a, hostA], [b, hostB]] as const) {
      expect(inv).toMatchObject({ status: 'Connected', state: 'Enabled', hypervisorType: 'KVM', managementIp: h.ip, clusterUuid });
      expect(inv.cpuNum).toBe(cpus().length);
      expect(inv.totalCpuCapacity).toBe(cpus().length);
      expect(Math.abs(inv.totalMemoryCapacity - totalmem()) / totalmem()).toBeLessThan(0.01);
      expect(inv.cpuSockets).toBeGreaterThanOrEqual(1);
      // The agent runs as a process of the host's user, from its folder.
      expect(existsSync(`${h.agentDir}/zstack-agent.mjs`)).toBe(true);
      expect((await h.processes()).length).toBeGreaterThan(0);
    }
    const distribution = readFileSync('/etc/os-release', 'utf8').match(/^NAME="?([^"\n]+)/m)![1];
    const tagged = await api.call('GET', `/v1/hosts?q=uuid=${hostA.uuid}&q=__systemTag__=os::distribution::${encodeURIComponent(distribution)}`);
    expect(tagged.body.inventories).toHaveLength(1);
    // Accepted without hardware virtualisation only through ZSTACK_KVM_ALLOW_EMULATION, and the log says so, naming each host.
    for (const h of [a, b]) expect(node.output().includes(`KVM host ${h.ip} has no hardware virtualisation`)).toBe(noHardwareVirtualisation);
  });

  it('never shows the SSH password or the agent secret: not in replies, queries, job results or the log', async () => {
    const everything = JSON.stringify([await api.call('GET', `/v1/hosts?q=uuid=${hostA.uuid}`), await api.call('GET', '/v1/hosts')]);
    expect(everything).not.toContain(a.password);
    expect(node.output()).not.toContain(a.password);
    expect(node.output()).not.toContain(b.password);
    const secret = JSON.parse(readFileSync(`${a.agentDir}/agent.json`, 'utf8')).secret as string;
    expect(node.output()).not.toContain(secret);
    expect(everything).not.toContain(secret);
    // The agent's config holds the secret only for its own user.
    expect(execFileSync('stat', ['-c', '%a', `${a.agentDir}/agent.json`]).toString().trim()).toBe('600');
  });

  it('an agent killed goes Disconnected within 3 ping intervals, and comes back Connected when restarted, with no API call', async () => {
    const pid = Number(readFileSync(`${a.agentDir}/agent.pid`, 'utf8'));
    process.kill(-pid, 'SIGKILL'); // the supervisor and the agent: the whole service dies
    const tookMs = await waitForStatus(hostA.uuid, 'Disconnected', 10_000);
    expect(tookMs).toBeLessThanOrEqual(3 * PING_INTERVAL_S * 1000 + 1000);
    expect((await queryHost(hostB.uuid)).status).toBe('Connected');
    // The operator restarts the agent on the host; the tracker notices by itself.
    await a.asUser(['node', `${a.agentDir}/zstack-agent.mjs`, 'start', '--config', `${a.agentDir}/agent.json`]);
    await waitForStatus(hostA.uuid, 'Connected', 10_000);
  });

  it('KvmRunShell runs a script on each host over SSH and answers per host', async () => {
    const answer = await api.run('PUT', '/v1/hosts/kvm/actions', { kvmRunShell: { hostUuids: [hostA.uuid, hostB.uuid], script: 'id -un; echo "it\'s $((6*7))"; echo warn >&2; exit 3' } });
    expect(answer.status).toBe(200);
    for (const [h, inv] of [[a, hostA], [b, hostB]] as const) {
      expect(answer.body.inventory[inv.uuid]).toMatchObject({ returnCode: 3, stdout: `${h.username}\nit's 42\n`, stderr: 'warn\n', errorCode: null });
    }
  });

  it('UpdateKVMHost with a wrong password is refused and keeps the old credentials', async () => {
    const refused = await api.run('PUT', `/v1/hosts/kvm/${hostA.uuid}/actions`, { updateKVMHost: { password: 'not-the-password', name: 'renamed' } });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('HOST.1000');
    expect(refused.body.error.details).toMatch(/authentication failed/);
    expect((await queryHost(hostA.uuid)).name).toBe(hostA.name);
    // The stored credentials still work.
    const shell = await api.run('PUT', '/v1/hosts/kvm/actions', { kvmRunShell: { hostUuids: [hostA.uuid], script: 'echo ok' } });
    expect(shell.body.inventory[hostA.uuid]).toMatchObject({ returnCode: 0, stdout: 'ok\n' });
    const renamed = await api.run('PUT', `/v1/hosts/kvm/${hostA.uuid}/actions`, { updateKVMHost: { password: a.password, name: 'renamed' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.inventory.name).toBe('renamed');
  });

  it('moves a host into maintenance and back, and refuses a state event it does not know', async () => {
    const maintained = await api.run('PUT', `/v1/hosts/${hostB.uuid}/actions`, { changeHostState: { stateEvent: 'maintain' } });
    expect(maintained.body.inventory.state).toBe('Maintenance');
    const enabled = await api.run('PUT', `/v1/hosts/${hostB.uuid}/actions`, { changeHostState: { stateEvent: 'enable' } });
    expect(enabled.body.inventory.state).toBe('Enabled');
    // A parameter error of an asynchronous API ends its job (REST.md: ZStack's SDKs read errors from the poll).
    const bad = await api.run('PUT', `/v1/hosts/${hostB.uuid}/actions`, { changeHostState: { stateEvent: 'reboot' } });
    expect(bad.status).toBe(503);
    expect(bad.body.error).toMatchObject({ code: 'SYS.1007' });
    expect(bad.body.error.details).toContain('stateEvent');
  });

  it('ReconnectHost redeploys an agent whose files were removed', async () => {
    const pid = Number(readFileSync(`${b.agentDir}/agent.pid`, 'utf8'));
    process.kill(-pid, 'SIGKILL');
    execFileSync('rm', ['-rf', b.agentDir]);
    const reconnected = await api.run('PUT', `/v1/hosts/${hostB.uuid}/actions`, { reconnectHost: {} }, {}, 60_000);
    expect(reconnected.status, JSON.stringify(reconnected.body)).toBe(200);
    expect((await queryHost(hostB.uuid)).status).toBe('Connected');
    expect(existsSync(`${b.agentDir}/zstack-agent.mjs`)).toBe(true);
  });

  it('ReconnectHost replaces an outdated agent with this node\'s bundle', async () => {
    const bundle = `${b.agentDir}/zstack-agent.mjs`;
    // An older agent: another bundle, running.
    await b.asUser(['sh', '-c', 'printf "\n// an older release\n" >> "$0"', bundle]);
    await b.asUser(['node', bundle, 'start', '--config', `${b.agentDir}/agent.json`]);
    expect(readFileSync(bundle)).not.toEqual(readFileSync(AGENT_BUNDLE));
    const reconnected = await api.run('PUT', `/v1/hosts/${hostB.uuid}/actions`, { reconnectHost: {} }, {}, 60_000);
    expect(reconnected.status, JSON.stringify(reconnected.body)).toBe(200);
    expect(readFileSync(bundle)).toEqual(readFileSync(AGENT_BUNDLE));
    expect((await queryHost(hostB.uuid)).status).toBe('Connected');
  });

  it('UpdateClusterOS runs the update host by host through the agents and reports the failing host with its stderr', async () => {
    // The test hosts' users are not root, so the package manager refuses: a real failure,
    // reported for the first host with the tool's own message.
    const answer = await api.run('PUT', `/v1/clusters/${clusterUuid}/actions`, { updateClusterOS: { excludePackages: ['kernel'] } }, {}, 120_000);
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('HOST.1000');
    expect(answer.body.error.details).toMatch(/OS update failed with exit code \d+; stderr: .*(permission denied|are you root|lock)/is);
  });

  it('DeleteHost stops and removes the agent, then the host', async () => {
    const deleted = await api.run('DELETE', `/v1/hosts/${hostA.uuid}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect((await api.call('GET', `/v1/hosts/${hostA.uuid}`)).body.inventories).toEqual([]);
    expect(await a.processes()).toEqual([]);
    expect(existsSync(`${a.home}/.zstack`)).toBe(false);
  });
});

describe('AddKVMHost refused', () => {
  it('with a wrong password: HOST.1000 naming the authentication, nothing left', async () => {
    const h = await newHost();
    await expectRefusedCleanly(h, await addHost(h, { password: 'wrong' }), /connect over SSH: SSH authentication failed/);
  });

  it('on a closed SSH port: HOST.1000 naming the refused connection, nothing left', async () => {
    const h = await newHost();
    await expectRefusedCleanly(h, await addHost(h, { sshPort: h.sshPort + 1000 }), /connection refused/);
  });

  it('on a host without Node.js: HOST.1000 saying so, nothing left', async () => {
    const h = await newHost({ withoutNode: true });
    await expectRefusedCleanly(h, await addHost(h), /check host: Node.js runtime not found/);
  });

  // Only a machine without hardware virtualisation (as this CI's) can show it for real; the
  // host check's unit tests (agent-deployer.spec.ts) cover the refusal everywhere.
  it.runIf(noHardwareVirtualisation)('without hardware virtualisation, on a node that keeps the default (no emulation): HOST.1000 saying so, nothing left', async () => {
    const strict = await startEmbeddedNode({ ZSTACK_KVM_LIBVIRT_URI: 'test:///default', ZSTACK_KVM_ALLOW_EMULATION: 'false' });
    try {
      const strictApi = new ZStackClient(strict.url);
      expect((await strictApi.login()).status).toBe(200);
      const zone = await strictApi.run('POST', '/v1/zones', { params: { name: 'zone-strict' } });
      const cluster = await strictApi.run('POST', '/v1/clusters', { params: { name: 'cluster-strict', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
      const h = await newHost();
      const answer = await addHost(h, { clusterUuid: cluster.body.inventory.uuid }, strictApi);
      await expectRefusedCleanly(h, answer, /check host: no hardware virtualisation: the CPU shows neither vmx nor svm and \/dev\/kvm does not exist/, strictApi);
    } finally {
      await strict.stop();
    }
  });

  it('when the agent cannot start (its port is taken): HOST.1000 with the agent\'s own error, nothing left', async () => {
    const h = await newHost();
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(7070, h.ip, r));
    try {
      await expectRefusedCleanly(h, await addHost(h), /start agent: .*(EADDRINUSE|in use)/s);
    } finally {
      squatter.close();
    }
  });

  it('a second host on the same management IP', async () => {
    const h = await newHost();
    expect((await addHost(h)).status).toBe(200);
    const again = await addHost(h, { name: 'twin' });
    expect(again.status).toBe(503);
    expect(again.body.error.code).toBe('HOST.1000');
    expect(again.body.error.details).toMatch(/already has managementIp/);
    expect(await hostsNamed('twin')).toBe(0);
  });
});

describe('synchronous host APIs', () => {
  it('GetHypervisorTypes and GetHostAllocatorStrategies answer at once', async () => {
    expect((await api.call('GET', '/v1/hosts/hypervisor-types')).body).toEqual({ hypervisorTypes: ['KVM'] });
    const strategies = await api.call('GET', '/v1/hosts/allocators/strategies');
    expect(strategies.status).toBe(200);
    expect(strategies.body.strategies).toContain('DefaultHostAllocatorStrategy');
  });
});

describe('UpdateClusterOS to the end', () => {
  // The package tool is replayed here: apt-get upgrade really run as root would change the
  // machine the tests run on. The host's PATH starts with stand-ins for apt-get and apt-mark
  // that print apt 2.6.1's recorded output (apps/agent's fixture) and log how they were
  // called; everything else (SSH, agent, callback, job) is real.
  it('updates each host of the cluster through its agent, holding the excluded packages, and answers a LongJobInventory', async () => {
    const replay = mkdtempSync(join(tmpdir(), 'zstack-apt-replay-'));
    // The recorded output is copied beside the stand-ins, which run as the host's user: that
    // user may not traverse the repository's folders (a clone under `mktemp -d` is 0700).
    const recorded = join(replay, 'apt-get.out');
    copyFileSync(resolve(import.meta.dirname, '../apps/agent/src/drivers/os-update/fixtures/apt-get-2.6.1-upgrade-simulated-debian12-epyc-vm.txt'), recorded);
    chmodSync(recorded, 0o644);
    writeFileSync(join(replay, 'apt-get'), `#!/bin/sh\necho "apt-get $*" >> "${replay}/calls.log"\ncat '${recorded}'\n`, { mode: 0o755 });
    writeFileSync(
      join(replay, 'apt-mark'),
      `#!/bin/sh\necho "apt-mark $*" >> "${replay}/calls.log"\ncase "$1" in hold) echo "$2 set on hold.";; unhold) echo "Canceled hold on $2.";; esac\n`,
      { mode: 0o755 },
    );
    chmodSync(replay, 0o777);
    const h = await newHost({ pathFirst: [replay] });
    const zone = await api.run('POST', '/v1/zones', { params: { name: 'zone-os' } });
    const cluster = await api.run('POST', '/v1/clusters', { params: { name: 'cluster-os', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
    const osCluster = cluster.body.inventory.uuid;
    expect((await addHost(h, { clusterUuid: osCluster })).status).toBe(200);

    const answer = await api.run('PUT', `/v1/clusters/${osCluster}/actions`, { updateClusterOS: { excludePackages: ['qemu-system-x86'] } }, {}, 120_000);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.inventory).toMatchObject({ jobName: 'APIUpdateClusterOSMsg', targetResourceUuid: osCluster, state: 'Succeeded', jobResult: 'updated 1 hosts' });
    expect(readFileSync(join(replay, 'calls.log'), 'utf8').trim().split('\n')).toEqual([
      'apt-mark showhold',
      'apt-mark hold qemu-system-x86',
      'apt-get -y -o Dpkg::Options::=--force-confold upgrade',
      'apt-mark unhold qemu-system-x86',
    ]);
    expect((await api.run('DELETE', `/v1/clusters/${osCluster}`, undefined, {}, 60_000)).status).toBe(200);
    expect(await h.processes()).toEqual([]);
    rmSync(replay, { recursive: true, force: true });
  });
});

describe('deleting the cluster', () => {
  it('takes its hosts with it and removes their agents', async () => {
    const withAgents = [];
    for (const h of hosts) if ((await h.processes()).length) withAgents.push(h);
    expect(withAgents.length).toBeGreaterThan(0);
    const deleted = await api.run('DELETE', `/v1/clusters/${clusterUuid}?deleteMode=Permissive`, undefined, {}, 60_000);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect((await api.call('GET', `/v1/hosts?q=clusterUuid=${clusterUuid}&count=true`)).body.total).toBe(0);
    for (const h of withAgents) {
      expect(await h.processes()).toEqual([]);
      expect(existsSync(`${h.home}/.zstack`)).toBe(false);
    }
  });
});
