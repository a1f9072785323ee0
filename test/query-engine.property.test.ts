// Property: for random estates and random queries, the query engine answers exactly what a
// plain in-memory evaluation of the same query answers — on the embedded database (PGlite)
// and on PostgreSQL.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatZStackDate } from '#contract';
import type { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../apps/management/src/database/data-source.js';
import { QueryEngine } from '../apps/management/src/query/query-engine.js';
import type { Condition, QueryRequest } from '../apps/management/src/query/query-request.js';
import { createTestDatabase } from './support/postgres.js';

type Row = Record<string, any>;
interface Estate {
  Zone: Row[];
  Cluster: Row[];
  Host: Row[];
  PciDevice: Row[];
  tags: { resourceUuid: string; tag: string; table: 'user_tag' | 'system_tag' }[];
}

const uuidOf = (prefix: string, i: number) => `${prefix}${i.toString(16)}`.padEnd(32, '0');
const WORDS = ['a', 'b', 'ab', 'ba', 'abc', 'z1', 'z_1', 'Zz', 'a%b'];
const word = fc.constantFrom(...WORDS);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
// Whole seconds, so a date printed in ZStack's format reads back to the same instant.
const date = fc.integer({ min: 1_500_000_000, max: 1_500_000_100 }).map((s) => new Date(s * 1000));

const estateArb: fc.Arbitrary<Estate> = fc
  .record({
    zones: fc.array(fc.record({ name: word, description: maybe(word), state: fc.constantFrom('Enabled', 'Disabled'), createDate: date }), { minLength: 1, maxLength: 4 }),
    clusters: fc.array(fc.record({ zone: fc.nat(), name: word, hypervisorType: fc.constantFrom('KVM', 'Simulator'), state: fc.constantFrom('Enabled', 'Disabled'), createDate: date }), { maxLength: 6 }),
    hosts: fc.array(
      fc.record({ cluster: fc.nat(), name: word, status: fc.constantFrom('Connected', 'Disconnected'), cpuNum: maybe(fc.integer({ min: 0, max: 8 })), totalMemoryCapacity: fc.integer({ min: 0, max: 5 }), createDate: date }),
      { maxLength: 12 },
    ),
    devices: fc.array(fc.record({ host: fc.nat(), vendorId: fc.constantFrom('10de', '8086', '1af4'), type: fc.constantFrom('GPU_Video_Controller', 'Generic'), vmInstanceUuid: maybe(fc.constantFrom('v'.repeat(32))) }), { maxLength: 16 }),
    tags: fc.array(fc.record({ on: fc.nat(), tag: fc.constantFrom('web', 'db', 'gpu', 'rack-1'), system: fc.boolean() }), { maxLength: 10 }),
  })
  .map(({ zones, clusters, hosts, devices, tags }) => {
    const Zone = zones.map((z, i) => ({ uuid: uuidOf('a', i), type: 'zstack', lastOpDate: z.createDate, ...z }));
    const Cluster = Zone.length ? clusters.map((c, i) => ({ uuid: uuidOf('b', i), name: c.name, description: null, state: c.state, hypervisorType: c.hypervisorType, type: 'zstack', zoneUuid: Zone[c.zone % Zone.length].uuid, createDate: c.createDate, lastOpDate: c.createDate })) : [];
    const Host = Cluster.length
      ? hosts.map((h, i) => {
          const cluster = Cluster[h.cluster % Cluster.length];
          return { uuid: uuidOf('c', i), zoneUuid: cluster.zoneUuid, clusterUuid: cluster.uuid, name: h.name, description: null, managementIp: `10.0.0.${i}`, hypervisorType: 'KVM', state: 'Enabled', status: h.status, totalCpuCapacity: 0, availableCpuCapacity: 0, cpuSockets: 1, totalMemoryCapacity: h.totalMemoryCapacity, availableMemoryCapacity: 0, cpuNum: h.cpuNum, createDate: h.createDate, lastOpDate: h.createDate };
        })
      : [];
    const PciDevice = Host.length
      ? devices.map((d, i) => ({ uuid: uuidOf('d', i), description: null, hostUuid: Host[d.host % Host.length].uuid, vmInstanceUuid: d.vmInstanceUuid, vendorId: d.vendorId, deviceId: '1eb8', subvendorId: null, subdeviceId: null, pciDeviceAddress: `0000:00:0${i % 10}.0`, status: 'Active', state: 'Enabled', type: d.type, metaData: null, createDate: new Date(1_500_000_000_000), lastOpDate: new Date(1_500_000_000_000) }))
      : [];
    const all = [...Zone, ...Cluster, ...Host];
    const tagRows = all.length ? tags.map((t) => ({ resourceUuid: all[t.on % all.length].uuid, tag: t.tag, table: (t.system ? 'system_tag' : 'user_tag') as 'user_tag' | 'system_tag' })) : [];
    return { Zone, Cluster, Host, PciDevice, tags: tagRows };
  });

// Paths of up to three joins through the tables this release stores.
const PATHS: Record<string, string[]> = {
  Zone: ['name', 'description', 'state', 'createDate', 'cluster.name', 'cluster.host.status', 'host.cpuNum', 'cluster.host.pciDevice.vendorId'],
  Cluster: ['name', 'state', 'hypervisorType', 'zoneUuid', 'zone.name', 'zone.state', 'host.name', 'host.pciDevice.type'],
  Host: ['name', 'status', 'cpuNum', 'totalMemoryCapacity', 'createDate', 'cluster.name', 'cluster.zone.name', 'zone.description', 'pciDevice.vendorId'],
  PciDevice: ['vendorId', 'type', 'vmInstanceUuid', 'host.name', 'host.cluster.name', 'host.cluster.zone.state'],
};
const SORTABLE: Record<string, string[]> = { Zone: ['name', 'description', 'createDate'], Cluster: ['name', 'state'], Host: ['name', 'cpuNum', 'createDate'], PciDevice: ['vendorId', 'vmInstanceUuid'] };
const NUMERIC = new Set(['cpuNum', 'totalMemoryCapacity']);
const DATES = new Set(['createDate']);
const VALUES: Record<string, string[]> = {
  state: ['Enabled', 'Disabled'],
  status: ['Connected', 'Disconnected'],
  hypervisorType: ['KVM', 'Simulator'],
  vendorId: ['10de', '8086', '1af4'],
  type: ['GPU_Video_Controller', 'Generic'],
  vmInstanceUuid: ['v'.repeat(32)],
  zoneUuid: [uuidOf('a', 0), uuidOf('a', 1)],
};
const valuesFor = (field: string): string[] =>
  NUMERIC.has(field) ? ['0', '2', '5'] : DATES.has(field) ? [formatZStackDate(new Date(1_500_000_050_000))!] : (VALUES[field] ?? WORDS);

const conditionArb = (resource: string): fc.Arbitrary<Condition> =>
  fc.oneof(
    fc.constantFrom(...PATHS[resource]).chain((field) => {
      const last = field.split('.').pop()!;
      const ops: Condition['op'][] = DATES.has(last) ? ['>', '<', '>=', '<='] : NUMERIC.has(last) ? ['=', '!=', '>', '<', '>=', '<=', '?=', '!?=', 'is null', 'is not null'] : ['=', '!=', '?=', '!?=', '~=', '!~=', '>', '<', 'is null', 'is not null'];
      return fc.record({
        field: fc.constant(field),
        op: fc.constantFrom(...ops),
        value: fc.oneof(fc.constantFrom(...valuesFor(last)), fc.constantFrom('a%', '%b', '_', 'z_1', '%')),
      }).map((c) => {
        const one = NUMERIC.has(last) && !/^\d+$/.test(c.value) ? '1' : DATES.has(last) ? valuesFor(last)[0] : c.value;
        const value = c.op === 'is null' || c.op === 'is not null' ? 'null' : c.op === '?=' || c.op === '!?=' ? `${one},${valuesFor(last)[0]}` : one;
        return { ...c, value };
      });
    }),
    fc.record({ field: fc.constantFrom('__userTag__', '__systemTag__'), op: fc.constantFrom<Condition['op']>('=', '!=', '?=', '~='), value: fc.constantFrom('web', 'db', 'rack%', 'gpu,db') }),
  );

const requestArb = fc.constantFrom('Zone', 'Cluster', 'Host', 'PciDevice').chain((resource) =>
  fc.record({
    resource: fc.constant(resource),
    request: fc.record({
      conditions: fc.array(conditionArb(resource), { maxLength: 3 }),
      limit: fc.integer({ min: 0, max: 6 }),
      start: fc.integer({ min: 0, max: 3 }),
      count: fc.boolean(),
      replyWithCount: fc.boolean(),
      sort: maybe(fc.record({ field: fc.constantFrom(...SORTABLE[resource]), direction: fc.constantFrom<'ASC' | 'DESC'>('ASC', 'DESC') })),
      fields: fc.constant(null),
      groupBy: fc.constant(null),
    }),
  }),
);

// ---- The in-memory evaluation: SQL's meaning, written plainly. ----
const JOIN: Record<string, Record<string, [string, (from: Row, to: Row) => boolean]>> = {
  Zone: { cluster: ['Cluster', (z, c) => c.zoneUuid === z.uuid], host: ['Host', (z, h) => h.zoneUuid === z.uuid] },
  Cluster: { zone: ['Zone', (c, z) => z.uuid === c.zoneUuid], host: ['Host', (c, h) => h.clusterUuid === c.uuid] },
  Host: { cluster: ['Cluster', (h, c) => c.uuid === h.clusterUuid], zone: ['Zone', (h, z) => z.uuid === h.zoneUuid], pciDevice: ['PciDevice', (h, d) => d.hostUuid === h.uuid] },
  PciDevice: { host: ['Host', (d, h) => h.uuid === d.hostUuid] },
};

const like = (pattern: string) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');

function compare(a: unknown, b: string, field: string): number {
  if (NUMERIC.has(field)) return Number(a) - Number(b);
  if (DATES.has(field)) return (a as Date).getTime() - new Date(1_500_000_050_000).getTime();
  const s = String(a);
  return s < b ? -1 : s > b ? 1 : 0;
}

function matches(value: unknown, field: string, c: Condition): boolean {
  if (c.op === 'is null') return value === null;
  if (c.op === 'is not null') return value !== null;
  if (value === null) return false; // SQL: a comparison with NULL is never true
  switch (c.op) {
    case '=': return compare(value, c.value, field) === 0;
    case '!=': return compare(value, c.value, field) !== 0;
    case '>': return compare(value, c.value, field) > 0;
    case '<': return compare(value, c.value, field) < 0;
    case '>=': return compare(value, c.value, field) >= 0;
    case '<=': return compare(value, c.value, field) <= 0;
    case '?=': return c.value.split(',').some((v) => compare(value, v, field) === 0);
    case '!?=': return c.value.split(',').every((v) => compare(value, v, field) !== 0);
    case '~=': return like(c.value).test(String(value));
    case '!~=': return !like(c.value).test(String(value));
  }
}

function holds(estate: Estate, resource: string, row: Row, c: Condition): boolean {
  if (c.field === '__userTag__' || c.field === '__systemTag__') {
    const table = c.field === '__userTag__' ? 'user_tag' : 'system_tag';
    const negative = c.op.startsWith('!');
    const op = (negative ? c.op.slice(1) : c.op) as Condition['op'];
    const has = estate.tags.some((t) => t.table === table && t.resourceUuid === row.uuid && matches(t.tag, 'tag', { ...c, op }));
    return negative ? !has : has;
  }
  const [head, ...rest] = c.field.split('.');
  if (!rest.length) return matches(row[head], head, c);
  const [target, on] = JOIN[resource][head];
  return (estate[target as keyof Estate] as Row[]).some((other) => on(row, other) && holds(estate, target, other, { ...c, field: rest.join('.') }));
}

function evaluate(estate: Estate, resource: string, request: QueryRequest): { uuids?: string[]; total?: number } {
  const rows = (estate[resource as keyof Estate] as Row[]).filter((row) => request.conditions.every((c) => holds(estate, resource, row, c)));
  if (request.count) return { total: rows.length };
  const sort = request.sort;
  rows.sort((x, y) => {
    if (sort) {
      const [a, b] = [x[sort.field], y[sort.field]];
      if (a === null || b === null) {
        if (a !== b) return (a === null ? 1 : -1) * (sort.direction === 'ASC' ? 1 : -1); // NULLS LAST ascending, FIRST descending
      } else {
        const d = a instanceof Date ? a.getTime() - b.getTime() : typeof a === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0;
        if (d !== 0) return sort.direction === 'ASC' ? d : -d;
      }
    }
    return x.uuid < y.uuid ? -1 : x.uuid > y.uuid ? 1 : 0;
  });
  const uuids = rows.slice(request.start, request.start + request.limit).map((r) => r.uuid);
  return request.replyWithCount ? { uuids, total: rows.length } : { uuids };
}

// ---- Loading an estate into the real database. ----
async function load(db: DataSource, estate: Estate): Promise<void> {
  await db.query('TRUNCATE "pci_device_pci_device_offering_ref", "pci_device", "host", "cluster", "zone", "user_tag", "system_tag" CASCADE');
  const insert = async (table: string, rows: Row[]) => {
    for (const row of rows) {
      const cols = Object.keys(row);
      await db.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => row[c]));
    }
  };
  await insert('zone', estate.Zone);
  await insert('cluster', estate.Cluster);
  await insert('host', estate.Host);
  await insert('pci_device', estate.PciDevice);
  let n = 0;
  for (const t of estate.tags) {
    const base = { uuid: uuidOf('e', n++), resourceUuid: t.resourceUuid, resourceType: 'X', tag: t.tag, type: t.table === 'user_tag' ? 'User' : 'System', createDate: new Date(), lastOpDate: new Date() };
    await insert(t.table, [base]);
  }
}

async function checkBackend(db: DataSource, runs: number): Promise<void> {
  const engine = new QueryEngine(db);
  await fc.assert(
    fc.asyncProperty(estateArb, fc.array(requestArb, { minLength: 1, maxLength: 8 }), async (estate, queries) => {
      await load(db, estate);
      for (const { resource, request } of queries) {
        const expected = evaluate(estate, resource, request);
        const answer = await engine.query(resource, structuredClone(request));
        const actual = { ...(answer.inventories ? { uuids: (answer.inventories as Row[]).map((i) => i.uuid) } : {}), ...(answer.total !== undefined ? { total: answer.total } : {}) };
        expect(actual, `${resource} ${JSON.stringify(request)}`).toEqual(expected);
      }
    }),
    { numRuns: runs },
  );
}

describe('the query engine equals an in-memory evaluation of the same query', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('on the embedded database (PGlite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'query-prop-'));
    const db = await openDataSource({ databaseUrl: null, dataDir: dir });
    cleanups.push(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    await checkBackend(db, 100);
  }, 240_000);

  it('on PostgreSQL', async () => {
    const database = await createTestDatabase();
    const db = await openDataSource({ databaseUrl: database.url, dataDir: '' });
    cleanups.push(async () => {
      await db.destroy();
      await database.drop();
    });
    await checkBackend(db, 100);
  }, 240_000);
});
