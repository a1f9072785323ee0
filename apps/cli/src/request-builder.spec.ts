import { apiByName } from '#contract';
import { expect, it } from 'vitest';
import { parseCommandLine, tokenize } from './command-line.js';
import { buildRequest } from './request-builder.js';

const request = (line: string) => {
  const command = parseCommandLine(tokenize(line))!;
  return buildRequest(apiByName(command.api)!, command.args);
};

it('puts each parameter where the contract says, with its JSON type', () => {
  const create = request('CreateZone name=z1 "description=a b" userTags=a,b');
  expect(create).toMatchObject({ method: 'POST', path: '/v1/zones', body: { params: { name: 'z1', description: 'a b' }, userTags: ['a', 'b'] } });
  const action = request(`ChangeZoneState uuid=${'a'.repeat(32)} stateEvent=disable`);
  expect(action).toMatchObject({ method: 'PUT', path: `/v1/zones/${'a'.repeat(32)}/actions`, body: { changeZoneState: { stateEvent: 'disable' } } });
  const del = request(`DeleteZone uuid=${'a'.repeat(32)} deleteMode=Enforcing`);
  expect(del.method).toBe('DELETE');
  expect(del.search.get('deleteMode')).toBe('Enforcing');
  expect(request('AddKVMHost sshPort=2222 name=h').body).toMatchObject({ params: { sshPort: 2222 } });
});

it('turns query arguments into conditions and paging options', () => {
  const q = request('QueryHost cluster.zone.name=z1 cpuNum>=4 name~=web-% limit=10 sort=-name');
  expect(q.search.getAll('q')).toEqual(['cluster.zone.name=z1', 'cpuNum>=4', 'name~=web-%']);
  expect(q.search.get('limit')).toBe('10');
  expect(q.search.get('sort')).toBe('-name');
});

it('refuses a missing path parameter before calling the server', () => {
  expect(() => request('UpdateZone name=x')).toThrow(/uuid is required/);
});

it('reads sortBy=/sortDirection= as ZStack\'s CLI writes them', () => {
  expect(request('QueryZone sortBy=name').search.get('sort')).toBe('+name');
  expect(request('QueryZone sortBy=createDate sortDirection=desc limit=2').search.get('sort')).toBe('-createDate');
  expect(request('QueryZone sortBy=name sortDirection=DESC').search.getAll('q')).toEqual([]);
  expect(() => request('QueryZone sortDirection=desc')).toThrow(/sortDirection needs sortBy/);
  expect(() => request('QueryZone sortBy=name sortDirection=down')).toThrow(/give asc or desc/);
  expect(() => request('QueryZone sortBy=name sort=-name')).toThrow(/not both/);
});
