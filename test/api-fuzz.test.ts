// Hostile values in every parameter of every implemented API, derived from the contract
// (an API implemented tomorrow is fuzzed tomorrow): NULs, lone surrogates, over-long
// strings and list elements, non-string tags, too many tags, out-of-range integers, in
// both modes (embedded node; PostgreSQL and RabbitMQ). None may answer 5xx or SYS.1000;
// each is refused with SYS.1007 naming the parameter, at once (4xx) or, for an asynchronous
// API, as the result of its job (202, then the polled result), and no resource is written.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ALL_APIS, type ApiSpec, IDENTITY_APIS, type ParamSpec, paramLimits } from '#contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementedApiNames } from '../apps/management/src/api/commands.js';
import { RequestValidator } from '../apps/management/src/rest/request-validator.js';
import { type RunningNode, startEmbeddedNode, startNode } from './support/management-node.js';
import { AMQP_URL, createTestDatabase, deleteCommandQueues } from './support/postgres.js';
import { type Answer, ZStackClient } from './support/zstack-client.js';

const implemented = implementedApiNames();
const TARGETS = ALL_APIS.filter((a) => IDENTITY_APIS.includes(a) || implemented.has(a.name));
const validator = new RequestValidator(ALL_APIS);

/** A call split as the contract places parameters. */
interface Call {
  api: ApiSpec;
  params: Record<string, unknown>;
  body: Record<string, unknown>;
  url: Record<string, string>;
  query: Record<string, unknown>;
}

interface Fixtures {
  zoneUuid: string;
  clusterUuid: string;
}

const LOCATION = { 'body.params': 'params', body: 'body', url: 'url', query: 'query' } as const;
const newUuid = () => randomUUID().replace(/-/g, '');
let marker = 0;

/** A valid value for a required parameter; creates point at the fixtures, so a create that
 *  slipped through would really write its row. */
function validValue(p: ParamSpec, fixtures: Fixtures): unknown {
  const limits = paramLimits(p);
  if (p.values?.length) return p.type === 'List' || p.type === 'Set' ? [p.values[0]] : p.values[0];
  if (p.name in fixtures) return fixtures[p.name as keyof Fixtures];
  if (limits.format === 'uuid') return p.type === 'String' ? newUuid() : [newUuid()];
  if (limits.format === 'host-address') return p.type === 'String' ? '127.0.0.1' : ['127.0.0.1'];
  switch (p.type) {
    case 'Integer':
    case 'Long':
      return limits.min !== undefined && limits.min > 0 ? limits.min : 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'List':
    case 'Set':
      return ['fuzz'];
    case 'Map':
      return { fuzz: 'fuzz' };
    default:
      return `fuzz-${++marker}`;
  }
}

/** The smallest call the validator accepts: the required parameters only. */
function baseline(api: ApiSpec, fixtures: Fixtures): Call {
  const call: Call = { api, params: {}, body: {}, url: {}, query: {} };
  for (const p of api.params.filter((x) => x.required)) call[LOCATION[p.in]][p.name] = validValue(p, fixtures);
  return call;
}

const NUL = 'nul\u0000here';
const SURROGATE = 'lone\ud800here';

/** Hostile values for one parameter. A URL cannot carry a lone surrogate (it is not
 *  UTF-8), so URL and query parameters get the rest. */
function hostileValues(p: ParamSpec): [what: string, value: unknown][] {
  const limits = paramLimits(p);
  const inUrl = p.in === 'url' || p.in === 'query';
  const overLong = 'x'.repeat((limits.maxLength ?? 2048) + 1);
  const texts: [string, string][] = [
    ['a NUL', NUL],
    ...(inUrl ? [] : ([['a lone surrogate', SURROGATE]] as [string, string][])),
    ['an over-long value', overLong],
    ...(limits.format ? ([[`no ${limits.format}`, 'not-an-address!']] as [string, string][]) : []),
  ];
  switch (p.type) {
    case 'String':
    case 'Timestamp':
      return texts;
    case 'List':
    case 'Set': {
      const out: [string, unknown][] = texts.map(([what, v]) => [`${what} as an element`, [v]]);
      if (limits.maxItems !== undefined) out.push([`${limits.maxItems + 1} elements`, Array.from({ length: limits.maxItems + 1 }, (_, i) => `e${i}`)]);
      if (!inUrl && (limits.maxLength !== undefined || limits.format)) {
        out.push(['[null]', [null]], ['[1]', [1]], ['[{}]', [{}]], ['a nested list', [['a']]]);
      }
      return out;
    }
    case 'Map':
      return [
        ['a NUL in a value', { k: NUL }],
        ['a NUL in a key', { [NUL]: 'v' }],
        ['a lone surrogate deep inside', { k: { deeper: [SURROGATE] } }],
      ];
    case 'Integer':
    case 'Long':
      return limits.min === undefined || limits.max === undefined ? [] : [['below the range', limits.min - 1], ['above the range', limits.max + 1]];
    default:
      return [];
  }
}

/** Every hostile call: each parameter in turn, plus an unknown parameter carrying a NUL. */
function hostileCalls(api: ApiSpec, fixtures: Fixtures): { what: string; param: string; call: Call }[] {
  const out: { what: string; param: string; call: Call }[] = [];
  for (const p of api.params) {
    for (const [what, value] of hostileValues(p)) {
      const call = baseline(api, fixtures);
      call[LOCATION[p.in]][p.name] = value;
      out.push({ what: `${api.name}.${p.name}: ${what}`, param: p.name, call });
    }
  }
  if (api.bodyKey) {
    const call = baseline(api, fixtures);
    call.params.fuzzUnknown = NUL;
    out.push({ what: `${api.name}: a NUL in an unknown parameter`, param: 'fuzzUnknown', call });
  }
  return out;
}

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();

function send(client: ZStackClient, { api, params, body, url, query }: Call): Promise<Answer> {
  const template = [api.path, ...api.altPaths].find((t) => placeholders(t) === Object.keys(url).sort().join())!;
  const path = template.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(url[k]));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) search.append(k, String(item));
  const full = search.size ? `${path}?${search}` : path;
  if (api.method === 'GET') return client.call('GET', full);
  return client.call(api.method, full, api.bodyKey ? { [api.bodyKey]: params, ...body } : { ...params, ...body });
}

/** The answer of a call to its end: an accepted job is polled until it finishes. */
async function outcome(client: ZStackClient, call: Call): Promise<{ status: number; polled: boolean; error?: { code: string; details: string } }> {
  const first = await send(client, call);
  if (first.status !== 202) return { status: first.status, polled: false, error: first.body?.error };
  const end = await client.poll(first.body.location, 60_000);
  return { status: end.status, polled: true, error: end.body?.error };
}

/** How many of each queryable resource exist, through the contract's implemented queries. */
async function census(client: ZStackClient): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const q of TARGETS.filter((a) => a.queryResource)) out[q.name] = (await client.call('GET', `${q.path}?count=true`)).body.total;
  return out;
}

/** For a create: the query that finds what it would have made. */
const queryOf = (api: ApiSpec) => TARGETS.find((q) => q.queryResource && api.method === 'POST' && api.reply.kind === 'inventory' && q.reply.kind === 'inventories' && q.reply.type === api.reply.type);

function fuzzAgainst(start: () => Promise<{ node: RunningNode; cleanup: () => Promise<void> }>): void {
  let node: RunningNode;
  let cleanup: () => Promise<void>;
  let client: ZStackClient;
  let fixtures: Fixtures;

  beforeAll(async () => {
    ({ node, cleanup } = await start());
    client = new ZStackClient(node.url);
    expect((await client.login()).status).toBe(200);
    const zone = await client.run('POST', '/v1/zones', { params: { name: 'fuzz-zone' } });
    const cluster = await client.run('POST', '/v1/clusters', { params: { zoneUuid: zone.body.inventory.uuid, name: 'fuzz-cluster', hypervisorType: 'KVM' } });
    fixtures = { zoneUuid: zone.body.inventory.uuid, clusterUuid: cluster.body.inventory.uuid };
  });

  afterAll(async () => {
    await cleanup?.();
  });

  it('refuses every hostile value with SYS.1007 naming the parameter, and writes nothing', async () => {
    const before = await census(client);
    const failures: string[] = [];
    let cases = 0;
    for (const api of TARGETS) {
      // The baseline is valid, so each refusal below is for the hostile value alone.
      await validator.check(api, { ...baseline(api, fixtures), pathParams: baseline(api, fixtures).url });
      for (const { what, param, call } of hostileCalls(api, fixtures)) {
        cases++;
        const { status, polled, error } = await outcome(client, call);
        const query = queryOf(api);
        const name = call.params.name;
        const written = query && param !== 'name' && typeof name === 'string' ? (await client.call('GET', `${query.path}?q=name=${encodeURIComponent(name)}`)).body.inventories?.length : 0;
        if (error?.code === 'SYS.1000' || (status >= 500 && !polled)) failures.push(`${what}: ${status} ${JSON.stringify(error)}`);
        else if (written) failures.push(`${what}: refused, yet ${name} was written`);
        else if (api.queryResource) continue; // a query may answer a strange condition with no rows
        else if (error?.code !== 'SYS.1007' || !error.details.includes(param) || (!polled && status >= 500)) failures.push(`${what}: ${status} ${JSON.stringify(error)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(300);
    expect(await census(client)).toEqual(before);
  });
}

describe('embedded node', () => {
  fuzzAgainst(async () => {
    const node = await startEmbeddedNode();
    return { node, cleanup: () => node.stop() };
  });
});

describe('PostgreSQL and RabbitMQ', () => {
  const PARTITIONS = 2;
  fuzzAgainst(async () => {
    const database = await createTestDatabase();
    const prefix = `zstack-fuzz-${randomUUID().slice(0, 8)}`;
    const node = await startNode({ DATABASE_URL: database.url, AMQP_URL, ZSTACK_BUS_PREFIX: prefix, ZSTACK_BUS_PARTITIONS: String(PARTITIONS) });
    return {
      node,
      cleanup: async () => {
        await node.stop();
        await deleteCommandQueues(prefix, PARTITIONS);
        await database.drop();
      },
    };
  });
});
