import { describe, expect, it } from 'vitest';
import { complete } from './completer.js';

const hits = (line: string) => complete(line)[0];

describe('Tab completion', () => {
  it('completes API names', () => {
    expect(hits('CreateZ')).toEqual(['CreateZone']);
    expect(hits('QueryIscsi')).toEqual(['QueryIscsiLun', 'QueryIscsiServer']);
    expect(hits('LogIn')).toEqual(['LogInByAccount']);
  });

  it('completes parameter names not given yet', () => {
    expect(hits('CreateCluster ')).toEqual(expect.arrayContaining(['zoneUuid=', 'name=', 'hypervisorType=', 'systemTags=', 'userTags=']));
    expect(hits('CreateCluster name=c1 ')).not.toContain('name=');
    expect(hits('CreateCluster hyp')).toEqual(['hypervisorType=']);
  });

  it('completes allowed values', () => {
    expect(hits('CreateCluster hypervisorType=K')).toEqual(['hypervisorType=KVM']);
    expect(hits('ChangeZoneState uuid=x stateEvent=')).toEqual(['stateEvent=enable', 'stateEvent=disable']);
    expect(hits('DeleteZone deleteMode=E')).toEqual(['deleteMode=Enforcing']);
  });

  it('completes query fields and dotted joins at any depth, then the operators', () => {
    expect(hits('QueryHost cluster.zone.na')).toEqual(['cluster.zone.name']);
    expect(hits('QueryHost cluster.zo')).toEqual(expect.arrayContaining(['cluster.zoneUuid', 'cluster.zone.']));
    expect(hits('QueryPciDevice host.cluster.zone.st')).toEqual(['host.cluster.zone.state']);
    expect(hits('QueryZone name')).toEqual(expect.arrayContaining(['name=', 'name!=', 'name~=', 'name?=', 'name=null']));
    expect(hits('QueryZone li')).toEqual(['limit=']);
    expect(hits('QueryZone count=t')).toEqual(['count=true']);
  });

  it('offers nothing for an unknown command', () => {
    expect(hits('Nope ')).toEqual([]);
  });
});

describe('Tab completion of ZStack\'s CLI words', () => {
  it('completes sortBy= with the fields, sortDirection= with asc and desc', () => {
    expect(hits('QueryZone sortB')).toEqual(['sortBy=']);
    expect(hits('QueryZone sortBy=na')).toEqual(['sortBy=name']);
    expect(hits('QueryZone sortDirection=')).toEqual(['sortDirection=asc', 'sortDirection=desc']);
  });

  it('completes the shell\'s own commands, and API names after help', () => {
    expect(hits('mo')).toEqual(['more']);
    expect(hits('help AddK')).toEqual(['AddKVMHost']);
    expect(hits('help AddKVMHost ')).toEqual([]);
  });
});
