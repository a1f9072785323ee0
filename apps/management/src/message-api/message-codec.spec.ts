import { apiByName } from '#contract';
import { describe, expect, it } from 'vitest';
import { coerceParam } from '../rest/request-parts.js';
import { decodeMessage, messageParts, querySearchOf, withoutNulls } from './message-codec.js';

describe('coerceParam: text read as ZStack reads it', () => {
  it('reads booleans ignoring case, integers and lists from text, and leaves the rest for validation', () => {
    expect(coerceParam('Boolean', 'True')).toBe(true);
    expect(coerceParam('Boolean', 'FALSE')).toBe(false);
    expect(coerceParam('Boolean', 'yes')).toBe('yes');
    expect(coerceParam('Integer', '22')).toBe(22);
    expect(coerceParam('Integer', '2x')).toBe('2x');
    expect(coerceParam('List', 'a,b')).toEqual(['a', 'b']);
    expect(coerceParam('String', 42)).toBe(42);
  });
});

describe('the message codec', () => {
  it('names the API by its message class and finds the session', () => {
    const decoded = decodeMessage({ 'org.zstack.header.zone.APICreateZoneMsg': { name: 'z1', session: { uuid: 'abc' } } });
    expect(decoded.api.name).toBe('CreateZone');
    expect(decoded.sessionUuid).toBe('abc');
    expect(() => decodeMessage({ 'org.zstack.header.zone.APIPaintZoneMsg': {} })).toThrow(/unknown message/);
    expect(() => decodeMessage({ a: {}, b: {} })).toThrow(/exactly one message/);
  });

  it('puts fields in the contract\'s locations, leaving the envelope out', () => {
    const parts = messageParts(apiByName('ChangeZoneState')!, { uuid: 'u1', stateEvent: 'disable', userTags: ['t'], session: { uuid: 's' }, timeout: 15000, colour: 'red' });
    expect(parts).toEqual({ pathParams: { uuid: 'u1' }, params: { stateEvent: 'disable', colour: 'red' }, body: { userTags: ['t'] }, query: {} });
  });

  it('writes a query message as the zstack/v1 query string', () => {
    const search = querySearchOf({
      conditions: [{ name: 'name', op: 'like', value: 'z%' }, { name: 'description', op: 'is null' }, { name: 'uuid', op: 'not in', value: ['a', 'b'] }],
      limit: '5', count: 'true', sortBy: 'name', sortDirection: 'desc', fields: ['uuid', 'name'],
    });
    expect(search.getAll('q')).toEqual(['name~=z%', 'description=null', 'uuid!?=a,b']);
    expect(Object.fromEntries([...search].filter(([k]) => k !== 'q'))).toEqual({ limit: '5', count: 'true', sort: '-name', fields: 'uuid,name' });
    expect(() => querySearchOf({ conditions: [{ name: 'x', op: 'resembles', value: 'y' }] })).toThrow(/op/);
  });

  it('leaves null out everywhere, in lists too', () => {
    expect(withoutNulls({ a: null, b: [1, null, { c: null, d: 2 }], e: { f: null } })).toEqual({ b: [1, { d: 2 }], e: {} });
  });
});
