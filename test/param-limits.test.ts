// The contract's bounds (libs/contract paramLimits) against the schema: every parameter
// that lands in a column is refused up front when the column could not hold it, so a value
// never reaches PostgreSQL to fail there. Lengths are read from the TypeORM entities'
// metadata and held against the migrated database, so neither side can drift.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_APIS, type ApiSpec, type ParamSpec, paramLimits } from '#contract';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDataSource } from '../apps/management/src/database/data-source.js';

/** Parameters stored in a column of another name; every other one in columns of its own name. */
const STORED_AS: Record<string, string[]> = {
  systemTags: ['system_tag.tag'],
  userTags: ['user_tag.tag'],
  accountName: ['account.name'],
};

interface Column {
  where: string;
  /** varchar(n): n characters. */
  length?: number;
  /** int4 and bigint: the range of the type. */
  range?: [number, number];
}

/** What an integer column holds, as far as a JSON number can say it exactly. */
const INT_RANGES: Record<string, [number, number]> = {
  int: [-(2 ** 31), 2 ** 31 - 1],
  integer: [-(2 ** 31), 2 ** 31 - 1],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

let dir: string;
let db: DataSource;
const columns = new Map<string, Column[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zstack-limits-'));
  db = await openDataSource({ databaseUrl: null, dataDir: dir });
  for (const entity of db.entityMetadatas) {
    for (const c of entity.columns) {
      const column: Column = { where: `${entity.tableName}.${c.databaseName}` };
      if (c.length) column.length = Number(c.length);
      if (typeof c.type === 'string' && INT_RANGES[c.type]) column.range = INT_RANGES[c.type];
      for (const name of [c.propertyName, ...Object.entries(STORED_AS).filter(([, at]) => at.includes(column.where)).map(([p]) => p)]) {
        columns.set(name, [...(columns.get(name) ?? []), column]);
      }
    }
  }
});

afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Where each parameter of the contract is stored, by name (or by STORED_AS). */
function storedParams(): { api: ApiSpec; p: ParamSpec; stored: Column[] }[] {
  return ALL_APIS.flatMap((api) =>
    api.params.map((p) => ({ api, p, stored: (columns.get(p.name) ?? []).filter((c) => !STORED_AS[p.name] || STORED_AS[p.name].includes(c.where)) })),
  ).filter((x) => x.stored.length > 0);
}

it('the entities agree with the migrated database on every varchar length', async () => {
  const actual: { table_name: string; column_name: string; character_maximum_length: number | null }[] = await db.query(
    `SELECT table_name, column_name, character_maximum_length FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'character varying'`,
  );
  const inDatabase = new Map(actual.map((r) => [`${r.table_name}.${r.column_name}`, r.character_maximum_length]));
  const withLength = [...columns.values()].flat().filter((c) => c.length !== undefined);
  expect(withLength.length).toBeGreaterThan(20);
  for (const c of withLength) expect(inDatabase.get(c.where), c.where).toBe(c.length);
});

it('every string parameter stored in a varchar is refused longer than the column', () => {
  const checked = storedParams().filter(({ stored }) => stored.some((c) => c.length !== undefined));
  for (const name of ['name', 'description', 'managementIp', 'username', 'password', 'uuid', 'zoneUuid', 'clusterUuid', 'systemTags', 'userTags', 'accountName']) {
    expect(checked.some(({ p }) => p.name === name), `${name} is stored somewhere`).toBe(true);
  }
  const tooLong = checked.flatMap(({ api, p, stored }) => {
    const column = Math.min(...stored.map((c) => c.length ?? Infinity));
    const longest = p.values?.length ? Math.max(...p.values.map((v) => [...v].length)) : paramLimits(p).maxLength;
    return longest !== undefined && longest <= column ? [] : [`${api.name}.${p.name} (${longest ?? 'unbounded'}) into ${stored.map((c) => `${c.where} (${c.length})`).join(', ')}`];
  });
  expect(tooLong).toEqual([]);
});

it('every integer parameter stored in an integer column stays within its range', () => {
  const checked = storedParams().filter(({ p, stored }) => (p.type === 'Integer' || p.type === 'Long') && stored.some((c) => c.range));
  expect(checked.some(({ p }) => p.name === 'sshPort')).toBe(true);
  for (const { api, p, stored } of checked) {
    const { min, max } = paramLimits(p);
    for (const c of stored.filter((s) => s.range)) {
      expect(min, `${api.name}.${p.name} min against ${c.where}`).toBeGreaterThanOrEqual(c.range![0]);
      expect(max, `${api.name}.${p.name} max against ${c.where}`).toBeLessThanOrEqual(c.range![1]);
    }
  }
});
