import { describe, expect, it } from 'vitest';
import { parseCondition, parseQueryRequest } from './query-request.js';

describe('query conditions', () => {
  it.each([
    ['name=z1', { field: 'name', op: '=', value: 'z1' }],
    ['name!=z1', { field: 'name', op: '!=', value: 'z1' }],
    ['cpuNum>=4', { field: 'cpuNum', op: '>=', value: '4' }],
    ['cpuNum<4', { field: 'cpuNum', op: '<', value: '4' }],
    ['state?=Enabled,Disabled', { field: 'state', op: '?=', value: 'Enabled,Disabled' }],
    ['state!?=Enabled', { field: 'state', op: '!?=', value: 'Enabled' }],
    ['name~=z%', { field: 'name', op: '~=', value: 'z%' }],
    ['name!~=z_', { field: 'name', op: '!~=', value: 'z_' }],
    ['description=null', { field: 'description', op: 'is null', value: 'null' }],
    ['description!=null', { field: 'description', op: 'is not null', value: 'null' }],
    ['cluster.zone.name=a=b', { field: 'cluster.zone.name', op: '=', value: 'a=b' }],
    ['__userTag__=web', { field: '__userTag__', op: '=', value: 'web' }],
  ])('%s', (text, expected) => {
    expect(parseCondition(text)).toEqual(expected);
  });

  it.each(['name', '=x', '.name=x', 'name?x', ''])('refuses the malformed condition "%s" with SYS.1007', (text) => {
    expect(() => parseCondition(text)).toThrow(/SYS.1007/);
  });
});

describe('paging and shaping', () => {
  it('defaults to 1000 rows from the start, unsorted by field', () => {
    expect(parseQueryRequest(new URLSearchParams(''), 10_000)).toMatchObject({ limit: 1000, start: 0, count: false, replyWithCount: false, sort: null, fields: null });
  });

  it('reads q and its alias condition, sort with + (arriving as a space) and -, fields', () => {
    const r = parseQueryRequest(new URLSearchParams('q=name=a&condition=state=Enabled&sort=+name&fields=uuid,name&limit=5&start=10&count=true'), 10_000);
    expect(r.conditions.map((c) => c.field)).toEqual(['name', 'state']);
    expect(r.sort).toEqual({ field: 'name', direction: 'ASC' });
    expect(r.fields).toEqual(['uuid', 'name']);
    expect(r).toMatchObject({ limit: 5, start: 10, count: true });
    expect(parseQueryRequest(new URLSearchParams('sort=-createDate'), 10).sort).toEqual({ field: 'createDate', direction: 'DESC' });
  });

  it.each(['limit=-1', 'limit=abc', 'limit=20001', 'start=x', 'count=yes', 'sort=na;me'])('refuses %s', (qs) => {
    expect(() => parseQueryRequest(new URLSearchParams(qs), 20_000)).toThrow(/SYS.1007/);
  });
});
