// The host family's seams, exercised as a storage or device plug-in would use them: a
// throwaway connect hook joins the registry from a test module, in a real management node
// (in this process, on the embedded database) that adds KVM hosts over real SSH (test
// hosts: a real sshd each). A refusing hook fails AddKVMHost and leaves nothing behind;
// a host going Disconnected is announced once, after the status committed.
import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../apps/management/src/app.module.js';
import { HostAgentChannel } from '../apps/management/src/host/host-agent-channel.js';
import { type HostConnectHook, HostConnectHooks } from '../apps/management/src/host/host-connect-hooks.js';
import { HostPingTracker } from '../apps/management/src/host/host-ping-tracker.js';
import { HostStatusChangedEvent } from '../apps/management/src/host/host-status-changed.event.js';
import type { HostEntity } from '../apps/management/src/host/host.entity.js';
import { HostModule } from '../apps/management/src/host/host.module.js';
import { startManagementNode } from '../apps/management/src/main.js';
import { freePort, kvmEmulationEnv } from './support/management-node.js';
import { startTestHost, type TestHost } from './support/test-hosts.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

/** Refuses hosts named `refused-*`, as a storage plug-in would a host that cannot mount its pool. */
@Injectable()
class ThrowawayHook implements HostConnectHook, OnModuleInit {
  readonly name = 'throwaway storage';
  readonly connected: string[] = [];
  readonly disconnected: string[] = [];

  constructor(private readonly hooks: HostConnectHooks) {}

  onModuleInit(): void {
    this.hooks.join(this);
  }

  async onConnected(host: HostEntity): Promise<void> {
    if (host.name.startsWith('refused-')) throw new Error(`cannot mount the pool on ${host.managementIp}`);
    this.connected.push(host.uuid);
  }

  async onDisconnected(host: HostEntity): Promise<void> {
    this.disconnected.push(host.uuid);
  }
}

@EventsHandler(HostStatusChangedEvent)
class StatusEvents implements IEventHandler<HostStatusChangedEvent> {
  static readonly seen: HostStatusChangedEvent[] = [];

  handle(event: HostStatusChangedEvent): void {
    StatusEvents.seen.push(event);
  }
}

@Module({ imports: [AppModule, HostModule], providers: [ThrowawayHook, StatusEvents] })
class TestModule {}

let app: NestExpressApplication;
let api: ZStackClient;
let clusterUuid: string;
const dataDir = mkdtempSync(join(tmpdir(), 'zstack-seams-'));
const hosts: TestHost[] = [];

beforeAll(async () => {
  const port = await freePort();
  Object.assign(process.env, {
    PORT: String(port),
    ZSTACK_BIND_ADDRESS: '127.0.0.1',
    ZSTACK_DATA_DIR: dataDir,
    ZSTACK_AGENT_BUNDLE: resolve(import.meta.dirname, '../dist/agent/zstack-agent.mjs'),
    ZSTACK_KVM_LIBVIRT_URI: 'test:///default',
    ...kvmEmulationEnv(), // no /dev/kvm on this machine: accept its test hosts (management-node.ts)
    ZSTACK_HOST_PING_INTERVAL: '1',
    ZSTACK_NODE_HEARTBEAT_INTERVAL: '1',
    LOG_LEVEL: 'warn',
  });
  app = await startManagementNode(TestModule);
  api = new ZStackClient(`http://127.0.0.1:${port}`);
  expect((await api.login()).status).toBe(200);
  const zone = await api.run('POST', '/v1/zones', { params: { name: 'zone-seams' } });
  const cluster = await api.run('POST', '/v1/clusters', { params: { name: 'cluster-seams', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
  clusterUuid = cluster.body.inventory.uuid;
});

afterAll(async () => {
  await app?.close();
  for (const h of hosts) await h.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newHost(): Promise<TestHost> {
  const h = await startTestHost();
  hosts.push(h);
  return h;
}

const addHost = (h: TestHost, name: string) =>
  api.run('POST', '/v1/hosts/kvm', { params: { name, managementIp: h.ip, username: h.username, password: h.password, sshPort: h.sshPort, clusterUuid } }, {}, 90_000);

const hostsNamed = async (name: string): Promise<number> => (await api.call('GET', `/v1/hosts?q=name=${name}&count=true`)).body.total;

describe('a connect hook', () => {
  it('that refuses fails AddKVMHost with HOST.1000 naming the hook, and leaves no row, process or file', async () => {
    const h = await newHost();
    const answer = await addHost(h, 'refused-host');
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('HOST.1000');
    expect(answer.body.error.details).toMatch(/throwaway storage: cannot mount the pool on /);
    expect(await hostsNamed('refused-host')).toBe(0);
    expect(await h.processes()).toEqual([]);
    expect(existsSync(`${h.home}/.zstack`)).toBe(false);
  });

  it('that accepts sees the host before it is Connected; a host going Disconnected is announced exactly once', async () => {
    const h = await newHost();
    const added = await addHost(h, 'accepted-host');
    expect(added.status).toBe(200);
    const host = added.body.inventory;
    expect(host.status).toBe('Connected');
    expect(app.get(ThrowawayHook).connected).toEqual([host.uuid]);

    // The agent channel reaches the host by uuid alone, as a storage plug-in would.
    const pong = await app.get(HostAgentChannel).call<{ success: boolean; error: null; hostUuid: string }>(host.uuid, '/ping', {}, 5_000);
    expect(pong.hostUuid).toBe(host.uuid);

    const pid = Number((await h.asUser(['cat', `${h.agentDir}/agent.pid`])).stdout);
    process.kill(-pid, 'SIGKILL'); // the agent's whole service dies
    await until('the host going Disconnected', async () => (await api.call('GET', `/v1/hosts/${host.uuid}`)).body.inventories[0].status, (s) => s === 'Disconnected', 20_000);
    // Further ping rounds miss it again; none may announce it a second time.
    const tracker = app.get(HostPingTracker);
    const rounds = tracker.stats.rounds;
    await until('three more ping rounds', async () => tracker.stats.rounds, (n) => n >= rounds + 3, 20_000);

    const disconnects = StatusEvents.seen.filter((e) => e.hostUuid === host.uuid && e.newStatus === 'Disconnected');
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0].oldStatus).toBe('Connected');
    expect(disconnects[0].reason).toMatch(/pings missed/);
    expect(app.get(ThrowawayHook).disconnected.filter((uuid) => uuid === host.uuid)).toHaveLength(1);
  });
});
