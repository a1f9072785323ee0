// A zone, a KVM cluster and real test hosts added to it over SSH: what the storage tests
// start from.
import { expect } from 'vitest';
import { startTestHost, type TestHost, type TestHostOptions } from './test-hosts.js';
import type { ZStackClient } from './zstack-client.js';

export interface ZoneWithHosts {
  zoneUuid: string;
  clusterUuid: string;
  hosts: TestHost[];
  hostUuids: string[];
}

/** Adds the zone and cluster, then one host per name. Hosts started are pushed onto `hosts`
 *  as they start, so the caller's afterAll stops them even when a later one fails. */
export async function zoneWithHosts(api: ZStackClient, prefix: string, hostNames: readonly string[], hosts: TestHost[], options: TestHostOptions = {}): Promise<ZoneWithHosts> {
  const zoneUuid = (await api.run('POST', '/v1/zones', { params: { name: `zone-${prefix}` } })).body.inventory.uuid;
  const clusterUuid = (await api.run('POST', '/v1/clusters', { params: { name: `cluster-${prefix}`, zoneUuid, hypervisorType: 'KVM' } })).body.inventory.uuid;
  const hostUuids: string[] = [];
  for (const name of hostNames) {
    const h = await startTestHost(options);
    hosts.push(h);
    const added = await api.run('POST', '/v1/hosts/kvm', { params: { name, managementIp: h.ip, username: h.username, password: h.password, sshPort: h.sshPort, clusterUuid } }, {}, 90_000);
    expect(added.status).toBe(200);
    hostUuids.push(added.body.inventory.uuid);
  }
  return { zoneUuid, clusterUuid, hosts, hostUuids };
}
