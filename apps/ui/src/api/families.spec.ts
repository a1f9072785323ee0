// The console's pages come from the contract: these hold the derivation (families and their
// actions, requests, filter completion) to what the contract says, without a browser.
import { describe, expect, it } from 'vitest';
import { apiByName } from '#contract';
import { conditionsOf, suggest } from '../components/filterCompletion';
import { requestOf } from './client';
import { FAMILIES, familyOfResource, familyOfUuidField, tableColumns } from './families';
import { relatedOf } from './related';

const names = (apis: { name: string }[]) => apis.map((a) => a.name).sort();

describe('families', () => {
  it('makes a family of every Query API with a resource of the query graph', () => {
    for (const r of ['Zone', 'Cluster', 'Host', 'PciDevice', 'PrimaryStorage', 'IscsiServer']) expect(familyOfResource(r), r).toBeDefined();
    expect(new Set(FAMILIES.map((f) => f.slug)).size).toBe(FAMILIES.length);
  });

  it('gives a family its creates as table actions and its writes on one resource as resource actions', () => {
    const zone = familyOfResource('Zone')!;
    expect(names(zone.tableActions)).toEqual(['CreateZone']);
    // Attach/detach name the zone as `zoneUuid` in their path: actions on it too.
    expect(names(zone.resourceActions)).toEqual(['AttachBackupStorageToZone', 'ChangeZoneState', 'DeleteZone', 'DetachBackupStorageFromZone', 'UpdateZone']);
    const host = familyOfResource('Host')!;
    expect(names(host.tableActions)).toContain('AddKVMHost');
    expect(names(host.resourceActions)).toEqual(expect.arrayContaining(['DeleteHost', 'ChangeHostState', 'ReconnectHost', 'UpdateKVMHost']));
  });

  it('links uuid fields to their family and shows identity first', () => {
    expect(familyOfUuidField('zoneUuid')?.resource.name).toBe('Zone');
    expect(familyOfUuidField('name')).toBeUndefined();
    expect(tableColumns(familyOfResource('Host')!.resource).map((f) => f.name).slice(0, 4)).toEqual(['name', 'uuid', 'state', 'status']);
  });

  it('finds related resources through direct joins and link tables', () => {
    const cluster = familyOfResource('Cluster')!.resource;
    const related = relatedOf(cluster, { uuid: 'c1', zoneUuid: 'z1' });
    expect(related.find((r) => r.join.name === 'zone')?.conditions).toEqual(['uuid=z1']);
    expect(related.find((r) => r.join.name === 'host')?.conditions).toEqual(['clusterUuid=c1']);
    expect(related.find((r) => r.join.name === 'primaryStorage')?.conditions).toEqual(['cluster.uuid=c1']);
  });
});

describe('requests', () => {
  it('puts an action\'s values under its body key and its uuid in the path', () => {
    const r = requestOf(apiByName('ChangeZoneState')!, { uuid: 'abc', stateEvent: 'disable' });
    expect(r).toEqual({ path: '/v1/zones/abc/actions', body: { changeZoneState: { stateEvent: 'disable' } } });
  });

  it('sends a delete\'s options in the query string, a create\'s tags beside its params', () => {
    expect(requestOf(apiByName('DeleteZone')!, { uuid: 'abc', deleteMode: 'Enforcing' })).toEqual({ path: '/v1/zones/abc?deleteMode=Enforcing' });
    expect(requestOf(apiByName('CreateZone')!, { name: 'z', systemTags: ['t'] }).body).toEqual({ params: { name: 'z' }, systemTags: ['t'] });
  });
});

describe('filter completion', () => {
  it('completes fields and joins from the query graph, then operators, then allowed values', () => {
    expect(suggest('Zone', 'clus')).toContain('cluster.');
    expect(suggest('Zone', 'cluster.na')).toContain('cluster.name');
    expect(suggest('Zone', 'state=Enabled name')).toContain('state=Enabled name~=');
    expect(suggest('Zone', 'nosuch.')).toEqual([]);
    expect(conditionsOf(' name~=z%   state=Enabled ')).toEqual(['name~=z%', 'state=Enabled']);
  });
});
