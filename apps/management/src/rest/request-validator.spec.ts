// The validator built from the contract refuses, with SYS.1007 naming the parameter, what
// the database could not store or would cut: NULs, lone surrogates, over-long strings,
// malformed tags, ports and addresses. Through the real contract, not a copy of it.
import { apiByName, APIS, ApiError, IDENTITY_APIS } from '#contract';
import { describe, expect, it } from 'vitest';
import { type RequestParts, RequestValidator } from './request-validator.js';

const validator = new RequestValidator([...APIS, ...IDENTITY_APIS]);
const CLUSTER = 'c'.repeat(32);
const HOST = {
  name: 'kvm-1',
  managementIp: '10.0.0.11',
  username: 'root',
  password: 'secret',
  clusterUuid: CLUSTER,
};

function parts(params: Record<string, unknown>, body: Record<string, unknown> = {}): RequestParts {
  return { params, body, pathParams: {}, query: {} };
}

/** An action on an existing resource: its uuid in the path. */
function onResource(params: Record<string, unknown>): RequestParts {
  return { ...parts(params), pathParams: { uuid: 'e'.repeat(32) } };
}

/** The error a call gets: null when accepted. */
async function refusal(api: string, request: RequestParts): Promise<{ status: number; code: string; details: string } | null> {
  try {
    await validator.check(apiByName(api)!, request);
    return null;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { status: err.status, code: err.body.code, details: err.body.details ?? '' };
  }
}

const refused = (details: RegExp) => ({ status: 400, code: 'SYS.1007', details: expect.stringMatching(details) });

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL in a name', 'CreateZone', parts({ name: 'a\u0000b' }), /parameter name contains a NUL/],
    ['a lone high surrogate in a description', 'CreateZone', parts({ name: 'z', description: 'x\ud800' }), /parameter description contains a lone UTF-16 surrogate/],
    ['a lone low surrogate in a tag', 'CreateZone', parts({ name: 'z' }, { userTags: ['ok', '\udc00x'] }), /parameter userTags\[1\] contains a lone/],
    ['a NUL in the password of AddKVMHost', 'AddKVMHost', parts({ ...HOST, password: 'p\u0000' }), /parameter password contains a NUL/],
    ['a NUL in a parameter name', 'CreateZone', parts({ name: 'z', 'co\u0000lour': 'red' }), /parameter name "co\\u0000lour" contains a NUL/],
    ['a NUL in an unknown parameter', 'CreateZone', parts({ name: 'z', colour: '\u0000' }), /parameter colour contains a NUL/],
    ['a NUL deep inside a list of lists', 'CreateZone', parts({ name: 'z' }, { systemTags: [[['\u0000']]] }), /parameter systemTags\[0\]\[0\]\[0\] contains a NUL/],
    ['a NUL in a nested object key', 'CreateZone', parts({ name: 'z', extra: { inner: { 'k\u0000': 1 } } }), /parameter extra.inner has a key "k\\u0000" that contains a NUL/],
  ])('%s', async (_what, api, request, details) => {
    expect(await refusal(api, request)).toEqual(refused(details));
  });

  it('a body nested 100,000 levels deep is refused, not a stack overflow', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(await refusal('CreateZone', parts({ name: 'z' }, { userTags: deep }))).toEqual(refused(/parameter userTags.* nested deeper than 32 levels/));
  });

  it('accepts any well-formed Unicode: emoji are surrogate pairs, not lone surrogates', async () => {
    expect(await refusal('CreateZone', parts({ name: 'zone 😀', description: 'Zürich, 東京' }, { userTags: ['🔥'] }))).toBeNull();
  });

  it('login checks its parameters the same way', async () => {
    const login = apiByName('LogInByAccount')!;
    await expect(validator.checkPart(login, 'params', { accountName: 'admin\u0000', password: 'x' })).rejects.toThrow(/parameter accountName contains a NUL/);
    await expect(validator.checkPart(login, 'params', { accountName: 'admin', password: '\ud800' })).rejects.toThrow(/parameter password contains a lone/);
    await expect(validator.checkPart(login, 'params', { accountName: 'a'.repeat(256), password: 'x' })).rejects.toThrow(/parameter accountName is longer than 255 characters/);
    await expect(validator.checkPart(login, 'params', { accountName: 'admin', password: 'f'.repeat(128) })).resolves.toBeUndefined();
  });
});

describe('lengths the schema has', () => {
  it.each([
    ['a 256-character name', 'CreateZone', parts({ name: 'n'.repeat(256) }), /parameter name is longer than 255 characters/],
    ['a 2,049-character description', 'CreateCluster', parts({ zoneUuid: 'a'.repeat(32), name: 'c', hypervisorType: 'KVM', description: 'd'.repeat(2049) }), /parameter description is longer than 2048/],
    ['a 256-character username', 'AddKVMHost', parts({ ...HOST, username: 'u'.repeat(256) }), /parameter username is longer than 255/],
    ['a 256-character password', 'UpdateKVMHost', onResource({ password: 'p'.repeat(256) }), /parameter password is longer than 255/],
    ['a 2,049-character tag', 'CreateZone', parts({ name: 'z' }, { systemTags: ['t'.repeat(2049)] }), /parameter systemTags element 0 is longer than 2048/],
  ])('%s', async (_what, api, request, details) => {
    expect(await refusal(api, request)).toEqual(refused(details));
  });

  it('counts characters as PostgreSQL does: 255 emoji fit a varchar(255)', async () => {
    expect(await refusal('CreateZone', parts({ name: '😀'.repeat(255) }))).toBeNull();
    expect(await refusal('CreateZone', parts({ name: '😀'.repeat(256) }))).toEqual(refused(/longer than 255/));
  });

  it('accepts the longest values that fit', async () => {
    expect(await refusal('CreateZone', parts({ name: 'n'.repeat(255), description: 'd'.repeat(2048) }, { userTags: ['t'.repeat(2048)] }))).toBeNull();
  });
});

describe('tags', () => {
  it.each([
    ['[null]', [null], /parameter userTags element 0 must be a string, not null/],
    ['[1]', [1], /parameter userTags element 0 must be a string, not number/],
    ['[{}]', [{}], /parameter userTags element 0 must be a string, not object/],
    ['a nested list', [['a']], /parameter userTags element 0 must be a string, not a list/],
    ['a string, not a list', 'web', /parameter userTags must be a list/],
    ['1,001 tags', Array.from({ length: 1001 }, (_, i) => `t${i}`), /parameter userTags has more than 1000 elements/],
  ])('%s is refused', async (_what, userTags, details) => {
    expect(await refusal('CreateZone', parts({ name: 'z' }, { userTags }))).toEqual(refused(details));
  });

  it('1,000 tags are accepted', async () => {
    expect(await refusal('CreateZone', parts({ name: 'z' }, { systemTags: Array.from({ length: 1000 }, (_, i) => `t${i}`) }))).toBeNull();
  });

  it('lists of uuids hold uuids', async () => {
    expect(await refusal('KvmRunShell', parts({ hostUuids: ['a'.repeat(32), 'nope'], script: 'true' }))).toEqual(refused(/parameter hostUuids element 1 must be a uuid/));
  });
});

describe('addresses and ports', () => {
  it.each([
    ['not an address', 'not an ip!'],
    ['an IPv4 address with a part over 255', '10.0.0.256'],
    ['a dotted number that is no address', '999.1.1.1'],
    ['an empty string', ''],
    ['a name with an empty label', 'kvm..example'],
  ])('managementIp %s is refused', async (_what, managementIp) => {
    expect(await refusal('AddKVMHost', parts({ ...HOST, managementIp }))).toEqual(refused(/parameter managementIp must be an IP address or a host name/));
    expect(await refusal('UpdateHost', onResource({ managementIp }))).toEqual(refused(/parameter managementIp must be an IP address or a host name/));
  });

  it.each(['10.0.0.11', 'fd00::11', 'kvm-01', 'kvm-01.lab.example.com'])('managementIp %s is accepted, as ZStack accepts it', async (managementIp) => {
    expect(await refusal('AddKVMHost', parts({ ...HOST, managementIp }))).toBeNull();
  });

  it.each([0, -22, 65536, 2 ** 40])('sshPort %d is refused', async (sshPort) => {
    expect(await refusal('AddKVMHost', parts({ ...HOST, sshPort }))).toEqual(refused(/parameter sshPort must be between 1 and 65535/));
    expect(await refusal('UpdateKVMHost', onResource({ sshPort }))).toEqual(refused(/parameter sshPort must be between 1 and 65535/));
  });

  it.each([1, 22, 65535])('sshPort %d is accepted', async (sshPort) => {
    expect(await refusal('AddKVMHost', parts({ ...HOST, sshPort }))).toBeNull();
  });
});
