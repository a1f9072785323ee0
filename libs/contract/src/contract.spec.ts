// The contract against the catalogue of the manual (libs/contract/catalogue/zstack-hardware-api.json),
// API by API: what real clients send must match what the router accepts. The catalogue is
// read here on its own terms, not through the generator, so a slip in either shows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APIS, apiByName, INVENTORIES, QUERY_RESOURCES } from './index.js';

const REPO = resolve(import.meta.dirname, '../../..');
const catalogue: any[] = JSON.parse(readFileSync(resolve(REPO, 'libs/contract/catalogue/zstack-hardware-api.json'), 'utf8'));

// The manual's spellings of types.
const TYPE: Record<string, string> = { String: 'String', List: 'List', Set: 'Set', Integer: 'Integer', int: 'Integer', boolean: 'Boolean' };
const GENERIC_QUERY_PARAMS = ['q', 'condition', 'limit', 'start', 'count', 'replyWithCount', 'sort', 'fields', 'groupBy'];

// Where the contract deliberately reads a catalogue row differently (docs/contract.md).
const CORRECTED: Record<string, { in?: string; required?: boolean }> = {
  // The route (from the SDK) carries the uuid in the path; the table still says query.
  'GetHostIommuStatus.uuid': { in: 'url' },
  // "未使用" (unused) yet marked required; ZStack's SDK does not require it.
  'AddCephPrimaryStorage.url': { required: false },
  'AddSharedBlockGroupPrimaryStorage.url': { required: false },
  'AddCephBackupStorage.url': { required: false },
  // A variable of the call's own route; the table marks it optional ("empty: every LUN").
  'RefreshSharedblockDeviceCapacity.uuid': { required: true },
  // The table says "body"; ZStack's RestRequest sends every field in the body key.
  'AddMonToCephBackupStorage.monUrls': { in: 'body.params' },
  // A DELETE has no body key: the table says "body", ZStack's SDKs send the query string.
  'RemoveMonFromCephPrimaryStorage.monHostnames': { in: 'query' },
  // The tables put the tags inside the body key; the request examples, at the top.
  ...Object.fromEntries(
    ['AddImageStoreBackupStorage', 'ReconnectImageStoreBackupStorage', 'UpdateImageStoreBackupStorage', 'ReclaimSpaceFromImageStore'].flatMap((api) => [
      [`${api}.systemTags`, { in: 'body' }],
      [`${api}.userTags`, { in: 'body' }],
    ]),
  ),
};
// Parameters only ZStack's SDK names, accepted as optional (the SDK's `conditions` and
// `sortDirection` of queries are the REST form's `q` and `sort`).
const SDK_ONLY: Record<string, [string, string, boolean, string, string[] | null][]> = {
  AddCephPrimaryStoragePool: [['type', 'body.params', false, 'String', ['Root', 'Data']]],
};

type Row = [name: string, location: string, required: boolean, type: string, values: string[] | null];

/** The catalogue's parameter rows as the contract should hold them. */
function expectedParams(c: any): Row[] {
  const rows: Row[] = [];
  for (const p of c.params) {
    // A nameless row is a wrapped cell of the PDF table, not a parameter.
    if (p.name === '') continue;
    const optional = p.name.endsWith('(可选)');
    const name = optional ? p.name.replace(/\s*\(可选\)$/, '') : p.name;
    const fix = CORRECTED[`${c.api}.${name}`] ?? {};
    const htmlList = (p.values ?? []).some((v: string) => v.includes('<'));
    const sdkValues = c.sdk.values[name]?.length ? c.sdk.values[name] : null;
    const values = p.values?.length && !htmlList ? p.values : (sdkValues ?? (name === 'deleteMode' ? ['Permissive', 'Enforcing'] : null));
    rows.push([name, fix.in ?? p.in, fix.required ?? (optional ? false : p.required), TYPE[p.type], values]);
  }
  return [...rows, ...(SDK_ONLY[c.api] ?? [])];
}

describe('the contract holds every API of the catalogue', () => {
  it('has the same 110 APIs, in manual order', () => {
    expect(APIS.map((a) => a.name)).toEqual(catalogue.map((c) => c.api));
    expect(APIS).toHaveLength(110);
  });

  it.each(catalogue.map((c) => [c.api, c]))('%s: method, path, body key, sync/async and parameters match', (name, c) => {
    const api = apiByName(name as string)!;
    expect(api.section).toBe(c.section);
    expect(api.method).toBe(c.method);
    expect(api.path).toBe(c.path);
    expect(api.altPaths).toEqual(c.altPaths);
    expect(api.bodyKey).toBe(c.bodyKey);
    expect(api.async).toBe(c.async);
    const generic = (p: { name: string; in: string }) => api.queryResource && (GENERIC_QUERY_PARAMS.includes(p.name) || (p.in === 'url' && !c.params.some((q: any) => q.name === p.name)));
    const own = api.params.filter((p) => !generic(p));
    expect(own.map((p): Row => [p.name, p.in, p.required, p.type, p.values ? [...p.values] : null])).toEqual(expectedParams(c));
    if (c.api.startsWith('Query') && c.method === 'GET') {
      expect(api.queryResource, 'a Query API names the resource it searches').toBeTruthy();
      expect(QUERY_RESOURCES[api.queryResource!], `query graph has ${api.queryResource}`).toBeDefined();
      const generic = api.params.filter((p) => p.in === 'query' && GENERIC_QUERY_PARAMS.includes(p.name));
      expect(generic.map((p) => [p.name, p.type, p.required])).toEqual([
        ['q', 'List', false],
        ['condition', 'List', false],
        ['limit', 'Integer', false],
        ['start', 'Integer', false],
        ['count', 'Boolean', false],
        ['replyWithCount', 'Boolean', false],
        ['sort', 'String', false],
        ['fields', 'String', false],
        ['groupBy', 'String', false],
      ]);
      // `/v1/zones/{uuid}`: the alternative route selects one resource, optionally.
      const selectors = api.params.filter((p) => p.in === 'url' && !c.params.some((q: any) => q.name === p.name));
      expect(selectors.map((p) => [p.name, p.required])).toEqual(c.altPaths.flatMap((path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], false])));
    } else {
      expect(api.queryResource).toBeUndefined();
    }
  });

  it('keeps no PDF debris: parameter names are identifiers, allowed values plain words', () => {
    for (const api of APIS) {
      for (const p of api.params) {
        expect(p.name, api.name).toMatch(/^[a-zA-Z]\w*$/);
        for (const v of p.values ?? []) expect(v, `${api.name}.${p.name}`).toMatch(/^[\w.-]+$/);
        expect(p.description ?? '', `${api.name}.${p.name}`).not.toMatch(/<\/?\w+/);
      }
    }
  });

  it('takes a path placeholder as a url parameter, exactly once', () => {
    for (const api of APIS) {
      const placeholders = new Set([api.path, ...api.altPaths].flatMap((p) => [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
      const url = api.params.filter((p) => p.in === 'url').map((p) => p.name);
      expect(new Set(url), api.name).toEqual(placeholders);
      expect(url.length, api.name).toBe(placeholders.size);
    }
  });
});

describe('replies and inventories', () => {
  // Result fields of a reply table: not the error/success every reply has, nor PDF fragments.
  const resultFields = (c: any): string[] =>
    c.reply.fields.filter((f: any) => /^[a-z]\w*$/.test(f.name) && f.name !== 'error' && f.name !== 'success' && f.type.replace(/\s+/g, '') !== 'ErrorCode').map((f: any) => f.name);
  const queryInventory = (api: string) => (api === 'QueryPciDevicePciDeviceOffering' ? 'PciDevicePciDeviceOfferingRefInventory' : `${api.slice('Query'.length)}Inventory`);

  it.each(catalogue.map((c) => [c.api, c]))('%s answers with the reply the manual shows', (name, c) => {
    const { reply } = apiByName(name as string)!;
    const type = (c.reply.type ?? '').replace(/\s+/g, '');
    if (c.api.startsWith('Query') && c.method === 'GET') {
      expect(reply).toEqual({ kind: 'inventories', key: 'inventories', type: queryInventory(c.api) });
    } else if (c.reply.key === 'inventory' || c.reply.key === 'inventories') {
      expect(reply.kind).toBe(c.reply.key);
      if (type !== 'List') expect(reply).toMatchObject({ type });
    } else if (resultFields(c).length || c.reply.key) {
      expect(reply.kind).toBe('fields');
      if (reply.kind === 'fields') expect(reply.fields?.map((f) => f.name) ?? []).toEqual(resultFields(c));
    } else if (name === 'LocalStorageGetVolumeMigratableHosts') {
      // The manual prints no reply; ZStack's source does (scripts/generate-contract.ts, REPLY_FROM_ZSTACK_SOURCE).
      expect(reply).toEqual({ kind: 'inventories', key: 'inventories', type: 'HostInventory' });
    } else {
      expect(reply).toEqual({ kind: 'empty' });
    }
    // Whatever inventory the reply names, the contract knows it with the manual's fields.
    if ((reply.kind === 'inventory' || reply.kind === 'inventories') && reply.type.endsWith('Inventory')) {
      const known = INVENTORIES[reply.type]?.fields.map((f) => f.name);
      expect(known, reply.type).toBeDefined();
      if (c.api !== 'QueryPciDevicePciDeviceOffering') expect(known).toEqual(expect.arrayContaining(c.reply.fields.map((f: any) => f.name)));
    }
  });

  it('names the element inventory of list replies the manual types only as List', () => {
    expect(apiByName('GetPciDeviceCandidatesForAttachingVm')!.reply).toMatchObject({ type: 'PciDeviceInventory' });
    expect(apiByName('GetPrimaryStorageCandidatesForVolumeMigration')!.reply).toMatchObject({ type: 'PrimaryStorageInventory' });
    expect(apiByName('GetLocalStorageHostDiskCapacity')!.reply).toMatchObject({ type: 'HostDiskCapacity' });
    expect(INVENTORIES.HostDiskCapacity.fields.map((f) => f.name)).toContain('availablePhysicalCapacity');
  });

  it('reads stray spaces out of type names and reads QueryPciDevicePciDeviceOffering as the reference inventory', () => {
    expect(apiByName('AttachPrimaryStorageToCluster')!.reply).toMatchObject({ type: 'PrimaryStorageInventory' });
    expect(apiByName('ChangeBackupStorageState')!.reply).toMatchObject({ type: 'BackupStorageInventory' });
    expect(apiByName('CreatePciDeviceOffering')!.reply).toMatchObject({ type: 'PciDeviceOfferingInventory' });
    expect(INVENTORIES.PciDevicePciDeviceOfferingRefInventory.fields.map((f) => f.name)).toEqual(['pciDeviceUuid', 'pciDeviceOfferingUuid']);
  });

  it('gives nested tables element inventories and enums plain strings', () => {
    const field = (inv: string, name: string) => INVENTORIES[inv].fields.find((f) => f.name === name);
    expect(field('CephPrimaryStorageInventory', 'mons')).toMatchObject({ type: 'List', elementType: 'CephPrimaryStorageMonInventory' });
    expect(field('CephBackupStorageInventory', 'mons')).toMatchObject({ type: 'List', elementType: 'CephBackupStorageMonInventory' });
    expect(field('IscsiServerInventory', 'iscsiClusterRefs')).toMatchObject({ elementType: 'IscsiServerClusterRefInventory' });
    expect(field('IscsiTargetInventory', 'iscsiLuns')).toMatchObject({ elementType: 'IscsiLunInventory' });
    expect(field('PciDeviceInventory', 'metaData')).toMatchObject({ type: 'Object', elementType: 'PciDeviceMetaData' });
    expect(field('PciDeviceInventory', 'state')).toMatchObject({ type: 'String' });
    expect(field('PciDeviceMetaDataEntry', 'op')).toMatchObject({ type: 'String' });
    for (const inv of Object.values(INVENTORIES)) {
      for (const f of inv.fields) if (f.elementType) expect(INVENTORIES[f.elementType], `${inv.name}.${f.name}`).toBeDefined();
    }
  });
});
