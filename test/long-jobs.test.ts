// QueryLongJob: what an operator lists to see the jobs of API calls, running and recent,
// in ZStack's LongJobInventory wire format (GET /zstack/v1/longjobs), with progress and error.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { until } from './support/until.js';
import { ZStackClient } from './support/zstack-client.js';

let node: RunningNode;
let api: ZStackClient;
let clusterUuid: string;
let zoneJob: string;
const held: Socket[] = [];

const jobUuidOf = (location: string): string => location.split('/').pop()!;
const longJob = async (uuid: string): Promise<any> => (await api.call('GET', `/v1/longjobs/${uuid}`)).body.inventories[0];

beforeAll(async () => {
  node = await startEmbeddedNode({ ZSTACK_SSH_CONNECT_TIMEOUT: '3' });
  api = new ZStackClient(node.url);
  await api.login();
  const accepted = await api.call('POST', '/v1/zones', { params: { name: 'zone-jobs' } });
  zoneJob = jobUuidOf(accepted.body.location);
  const zone = await api.poll(accepted.body.location);
  const cluster = await api.run('POST', '/v1/clusters', { params: { name: 'cluster-jobs', zoneUuid: zone.body.inventory.uuid, hypervisorType: 'KVM' } });
  clusterUuid = cluster.body.inventory.uuid;
});

afterAll(async () => {
  await node?.stop();
  for (const s of held) s.destroy();
});

describe('QueryLongJob', () => {
  it('lists a finished job in the LongJobInventory format', async () => {
    const job = await longJob(zoneJob);
    expect(Object.keys(job)).toEqual([
      'uuid', 'name', 'description', 'apiId', 'jobName', 'jobData', 'jobResult', 'state', 'targetResourceUuid', 'managementNodeUuid',
      'createDate', 'lastOpDate', 'executeTime', 'progress', 'progressStep', 'errorCode', 'errorDetails',
    ]);
    expect(job).toMatchObject({ uuid: zoneJob, apiId: zoneJob, name: 'CreateZone', jobName: 'APICreateZoneMsg', state: 'Succeeded', errorCode: null });
    expect(JSON.parse(job.jobData).params).toMatchObject({ name: 'zone-jobs' });
    expect(job.managementNodeUuid).toEqual(expect.any(String));
    expect(job.createDate).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(job.executeTime).toBeGreaterThanOrEqual(0);
  });

  it('shows a running job with its step and progress, the SSH password masked; then its failure with the error', async () => {
    // An "SSH server" that accepts and says nothing: AddKVMHost waits at its first step
    // until the SSH handshake times out (ZSTACK_SSH_CONNECT_TIMEOUT, 3 s here).
    const silent: Server = createServer((s) => void held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const sshPort = (silent.address() as { port: number }).port;
    const password = 'ssh-secret-9d2c';
    try {
      const accepted = await api.call('POST', '/v1/hosts/kvm', { params: { name: 'host-silent', managementIp: '127.0.0.1', username: 'root', password, sshPort, clusterUuid } });
      expect(accepted.status).toBe(202);
      const uuid = jobUuidOf(accepted.body.location);
      await until('the job reporting its first step', () => longJob(uuid), (j) => j?.progressStep != null, 10_000);
      const running = (await api.call('GET', '/v1/longjobs?q=state=Running&q=name=AddKVMHost')).body.inventories;
      expect(running.map((j: any) => j.uuid)).toEqual([uuid]);
      expect(running[0]).toMatchObject({ state: 'Running', jobName: 'APIAddKVMHostMsg', progressStep: 'connect over SSH', progress: 10, jobResult: null, managementNodeUuid: null });
      expect(JSON.parse(running[0].jobData).params).toMatchObject({ name: 'host-silent', password: '*****' });
      // Not by listing, not by a condition on the request.
      expect(JSON.stringify((await api.call('GET', '/v1/longjobs')).body)).not.toContain(password);
      expect((await api.call('GET', `/v1/longjobs?q=jobData~=%25${password}%25&count=true`)).body.total).toBe(0);

      expect((await api.poll(accepted.body.location, 40_000)).status).toBe(503);
      const failed = await longJob(uuid);
      expect(failed).toMatchObject({ state: 'Failed', errorCode: 'HOST.1000' });
      expect(failed.errorDetails).toMatch(/connect over SSH/);
      expect(JSON.parse(failed.jobResult)).toMatchObject({ code: 'HOST.1000', details: failed.errorDetails });
      // The node's log line of the failed job carries the error's details, not only its code.
      const line = node.output().split('\n').filter((l) => l.includes(uuid) && l.includes('"job finished"')).map((l) => JSON.parse(l))[0];
      expect(line).toMatchObject({ level: 40, status: 503, error: { code: 'HOST.1000', details: failed.errorDetails } });
    } finally {
      silent.close();
    }
  });

  it('answers queries as any Query API does: count, sort, a condition on the error code', async () => {
    expect((await api.call('GET', '/v1/longjobs?count=true')).body.total).toBe(3);
    const recent = (await api.call('GET', '/v1/longjobs?sort=-createDate&limit=2&fields=name,state')).body.inventories;
    expect(recent).toEqual([{ name: 'AddKVMHost', state: 'Failed' }, { name: 'CreateCluster', state: 'Succeeded' }]);
    expect((await api.call('GET', '/v1/longjobs?q=errorCode=HOST.1000')).body.inventories.map((j: any) => j.name)).toEqual(['AddKVMHost']);
    const bad = await api.call('GET', '/v1/longjobs?q=nosuchfield=1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatch(/nosuchfield/);
  });

  it('needs a session', async () => {
    expect((await new ZStackClient(node.url).call('GET', '/v1/longjobs')).status).toBe(400);
  });
});
