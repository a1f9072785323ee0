// Thousands of random and hostile query strings at the REST API: every answer is 200 or
// 400 (never 500), and no row changes.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { ZStackClient } from './support/zstack-client.js';

let node: RunningNode;
let api: ZStackClient;

beforeAll(async () => {
  node = await startEmbeddedNode();
  api = new ZStackClient(node.url);
  await api.login();
  for (let i = 0; i < 3; i++) {
    const zone = await api.run('POST', '/v1/zones', { params: { name: `fuzz-zone-${i}` }, userTags: ['web'] });
    await api.run('POST', '/v1/clusters', { params: { zoneUuid: zone.body.inventory.uuid, name: `fuzz-cluster-${i}`, hypervisorType: 'KVM' } });
  }
});

afterAll(async () => {
  await node?.stop();
});

const FIELDS = ['name', 'uuid', 'state', 'createDate', 'zoneUuid', 'cluster.name', 'zone.name', 'cluster.zone.cluster.zone.name', 'host.cpuNum', 'host.pciDevice.vendorId', '__userTag__', '__systemTag__', 'primaryStorage.name', 'nosuch', 'zone..name', '.name', 'name.', 'a'.repeat(300)];
const OPERATORS = ['=', '!=', '>', '<', '>=', '<=', '?=', '!?=', '~=', '!~=', '==', '=!', '<>', '', '=null', '!=null'];
const HOSTILE = [
  "'; DROP TABLE zone; --",
  "x' OR '1'='1",
  '1; DELETE FROM zone',
  '") OR 1=1 --',
  '%',
  '_',
  '\\',
  'a\\',
  '\u0000',
  'null',
  'NULL',
  '9'.repeat(400),
  '-9223372036854775809',
  '2147483648',
  '1e400',
  'NaN',
  'Jun 7, 2017 9:20:28 PM',
  'Feb 31, 99999 9:99:99 PM',
  '2017-13-45',
  '😀🔥',
  '\ud800',
  'ｚｏｎｅ',
  ','.repeat(50),
  'a,'.repeat(1500),
  '$1',
  '%s%s%n',
  '<script>',
];
const value = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.integer().map(String));
const condition = fc.oneof(
  fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPERATORS), value).map(([f, o, v]) => `${f}${o}${v}`),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...HOSTILE),
);
const extra = fc.oneof(
  fc.tuple(fc.constantFrom('limit', 'start', 'count', 'replyWithCount', 'sort', 'fields', 'groupBy', 'q', 'condition', 'unknown'), fc.oneof(value, fc.constantFrom('-1', '+name', '-name', ' name', 'name,uuid', 'uuid,nosuch', '0', '10001', 'true', 'false', 'yes'))),
);
const RESOURCES = ['/v1/zones', '/v1/clusters', '/v1/hosts', '/v1/pci-device/pci-devices', '/v1/zones/not-a-uuid', `/v1/zones/${'f'.repeat(32)}`, '/v1/zones/%00', '/v1/primary-storage'];

async function fingerprint(): Promise<string> {
  const zones = await api.call('GET', '/v1/zones?sort=%2Buuid');
  const clusters = await api.call('GET', '/v1/clusters?sort=%2Buuid');
  return JSON.stringify([zones.body, clusters.body]);
}

it('answers every query with 200 or 400, and changes nothing', async () => {
  const before = await fingerprint();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...RESOURCES), fc.array(condition, { maxLength: 4 }), fc.array(extra, { maxLength: 3 }), async (resource, conditions, extras) => {
      const search = new URLSearchParams();
      for (const c of conditions) search.append('q', c);
      for (const [k, v] of extras) search.append(k, v);
      const answer = await api.call('GET', `${resource}?${search.toString()}`);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const allowed = [200, 400];
      expect(allowed, `${resource}?${search} answered ${answer.status}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
      if (answer.status !== 200) expect(answer.body.error.code).toMatch(/^SYS\.10(07|14)$/);
    }),
    { numRuns: 3000 },
  );
  expect(await fingerprint()).toBe(before);
  // Both outcomes were exercised, not only refusals.
  expect(statuses.get(200)).toBeGreaterThan(100);
  expect(statuses.get(400)).toBeGreaterThan(100);
}, 300_000);
