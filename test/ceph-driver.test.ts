// The agent's Ceph driver against a real single-node Ceph 16.x (scripts/ceph-test-cluster.sh):
// what it reports is what `ceph` itself says to an operator.
import { CephAgentPath } from '#agent-protocol';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../apps/agent/src/agent-log.js';
import { SpawnCommandRunner } from '../apps/agent/src/command-runner.js';
import { CliCephDriver } from '../apps/agent/src/drivers/ceph/ceph-driver.js';
import { createAgentServer, listen } from '../apps/agent/src/server/agent-server.js';
import { cephRoutes } from '../apps/agent/src/server/ceph-routes.js';
import { startCephTestCluster, type CephTestCluster } from './support/ceph-cluster.js';
import { agentPoster } from './support/agent-http.js';

let cluster: CephTestCluster;
let agent: Server;
let agentUrl: string;
const SECRET = 'ceph-test-secret';
const driver = new CliCephDriver(new SpawnCommandRunner(new AgentLog(null)));
const pool = `zstack-test-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  cluster = await startCephTestCluster();
  agent = createAgentServer({ secret: SECRET, log: new AgentLog(null), routes: new Map(cephRoutes(driver)) });
  await listen(agent, '127.0.0.1', 0);
  agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
});

const post = agentPoster(() => agentUrl, SECRET);

afterAll(async () => {
  agent?.close();
  // A pool a failed test left behind would only clutter the shared cluster.
  if (cluster) await driver.deletePool({ confPath: cluster.confPath }, pool).catch(() => undefined);
});

describe('the Ceph driver on a real cluster', () => {
  it('reports the cluster fsid, the same each time and the same as `ceph fsid`', async () => {
    const target = { confPath: cluster.confPath };
    const status = await driver.status(target);
    expect(status.fsid).toBe(cluster.fsid);
    expect(await driver.fsid(target)).toBe(cluster.fsid);
    expect((await cluster.ceph(['fsid'])).trim()).toBe(cluster.fsid);
    expect(status).toMatchObject({ quorumNames: ['a'], numOsds: 1, numUpOsds: 1 });
  });

  it('reports the capacity `ceph df` reports', async () => {
    const capacity = await driver.capacity({ confPath: cluster.confPath });
    const df = JSON.parse(await cluster.ceph(['df', '--format', 'json'])) as { stats: { total_bytes: number }; pools: { name: string }[] };
    expect(capacity.totalBytes).toBe(df.stats.total_bytes);
    expect(capacity.totalBytes).toBeGreaterThan(0);
    expect(capacity.availableBytes).toBeLessThanOrEqual(capacity.totalBytes);
    expect(capacity.pools.map((p) => p.name)).toEqual(df.pools.map((p) => p.name));
  });

  it('lists the mon on 127.0.0.1 in quorum', async () => {
    const { fsid, mons } = await driver.mons({ confPath: cluster.confPath });
    expect(fsid).toBe(cluster.fsid);
    expect(mons).toEqual([expect.objectContaining({ name: 'a', inQuorum: true, address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) })]);
  });

  it('creates a pool with rbd enabled, keeps it on a second create, and deletes it', async () => {
    const target = { confPath: cluster.confPath };
    const first = await driver.createPool(target, pool, 8);
    expect(first).toMatchObject({ created: true, pool: { name: pool, pgNum: 8, size: 1, applications: ['rbd'] } });
    expect(await cluster.ceph(['osd', 'pool', 'ls'])).toContain(pool);
    expect((await driver.createPool(target, pool, 16)).created).toBe(false);

    expect(await driver.deletePool(target, pool)).toBe(true);
    expect((await cluster.ceph(['osd', 'pool', 'ls'])).split('\n')).not.toContain(pool);
    expect(await driver.deletePool(target, pool)).toBe(false);
  });

  it('fails with HOST.1000 and ceph\'s own message for a cluster it cannot reach', async () => {
    const error = await driver.status({ confPath: '/nonexistent/ceph.conf' }).catch((err: Error) => err);
    expect(error).toMatchObject({ error: { code: 'HOST.1000' } });
    expect((error as Error).message).toContain('/nonexistent/ceph.conf');
  });

  it('answers /ceph/capacity over HTTP with the fsid and `ceph df` totals, and 400 for a pool name that reads as an option', async () => {
    const capacity = await post(CephAgentPath.capacity, { cluster: { confPath: cluster.confPath } });
    const df = JSON.parse(await cluster.ceph(['df', '--format', 'json'])) as { stats: { total_bytes: number } };
    expect(capacity).toMatchObject({ status: 200, reply: { success: true, fsid: cluster.fsid, capacity: { totalBytes: df.stats.total_bytes } } });

    const bad = await post(CephAgentPath.poolDelete, { cluster: { confPath: cluster.confPath }, poolName: '--yes-i-really-really-mean-it' });
    expect(bad).toMatchObject({ status: 400, reply: { success: false, error: { code: 'SYS.1007' } } });

    const unreachable = await post(CephAgentPath.status, { cluster: { confPath: '/nonexistent/ceph.conf' } });
    expect(unreachable).toMatchObject({ status: 200, reply: { success: false, error: { code: 'HOST.1000' } } });
  });
});
