// Generates libs/contract/src/apis.generated.ts and inventories.generated.ts from the
// hardware API catalogue (libs/contract/catalogue/zstack-hardware-api.json); the project then owns
// the generated files and nothing at run time reads the catalogue. The contract test
// compares the two API by API. `npm run generate:contract [-- catalogue.json]`.
//
// The catalogue was extracted from a PDF, and every reading below of one of its quirks is
// written down in docs/contract.md; a quirk this script does not know makes it stop.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiSpec, FieldType, InventoryField, InventorySpec, ParamSpec, ParamType, ReplyKind } from '../libs/contract/src/types.js';

interface CatalogueField {
  name: string;
  type: string;
  description?: string | null;
}

interface CatalogueParam {
  name: string;
  type: string;
  in: ParamSpec['in'];
  required: boolean;
  values: string[] | null;
  description?: string | null;
}

export interface CatalogueApi {
  section: string;
  api: string;
  /** The manual's Chinese title; the summary is its English reading, when one was made. */
  title: string;
  summary: string | null;
  method: ApiSpec['method'];
  path: string;
  altPaths: string[];
  bodyKey: string | null;
  async: boolean;
  params: CatalogueParam[];
  reply: { key: string | null; type: string | null; fields: CatalogueField[] };
  nestedTypes: Record<string, CatalogueField[]>;
  sdk: { required: string[]; values: Record<string, string[]> };
}

// ---- parameters ---------------------------------------------------------------------

/** The manual's type names, normalised. An empty type (a PDF gap) is read as a String:
 *  in this catalogue only the nameless fragment rows have one, and those are dropped. */
export function paramType(raw: string): ParamType {
  const known: Record<string, ParamType> = { String: 'String', '': 'String', List: 'List', Set: 'Set', Integer: 'Integer', int: 'Integer', Long: 'Long', long: 'Long', boolean: 'Boolean', Boolean: 'Boolean', Map: 'Map', Float: 'Float', float: 'Float', Double: 'Float' };
  const type = known[raw.trim()];
  if (!type) throw new Error(`unknown parameter type "${raw}"`);
  return type;
}

/** PDF extraction left stray spaces inside some type names ("PrimaryStorage Inventory"). */
export const cleanTypeName = (raw: string | null): string | null => (raw ? raw.replace(/\s+/g, '') : raw);

/** Descriptions keep the manual's words without its HTML lists. */
export function cleanText(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw
    .replace(/<\/li>\s*<li>/g, '; ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/•/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

/** Allowed values: some tables kept the HTML list they were printed as, split on spaces
 *  (`["<ul", "style=...", "<li>•", "enable</li>", ...]`); the items are what is meant. */
export function cleanValues(raw: string[] | null): string[] | null {
  if (!raw?.length) return null;
  const text = raw.join(' ');
  if (!text.includes('<')) return raw;
  const items = [...text.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]*>/g, '').replace(/•/g, '').trim()).filter(Boolean);
  return items.length ? items : null;
}

/** ZStack's APIDeleteMessage.DeletionMode; the manual names it only in descriptions. */
const DELETE_MODES = ['Permissive', 'Enforcing'];

/** A PDF table cell that ran into the name column: `userTags(可选)` is optional userTags. */
const OPTIONAL_MARK = /\s*\(可选\)\s*$/;

/** Parameters of the SDK's query actions that the REST form spells differently
 *  (`conditions` are `q`, `sortBy`/`sortDirection` are `sort=+field`). */
const SDK_QUERY_ONLY = new Set(['conditions', 'sortBy', 'sortDirection']);

/** The generic parameters every Query API takes in its query string (REST.md, Queries). */
export const QUERY_PARAMS: readonly ParamSpec[] = [
  { name: 'q', type: 'List', in: 'query', required: false, description: 'Query condition: a field, an operator and a value, as name=zone1; repeatable' },
  { name: 'condition', type: 'List', in: 'query', required: false, description: 'Alias of q' },
  { name: 'limit', type: 'Integer', in: 'query', required: false, description: 'Most rows to return (default 1000)' },
  { name: 'start', type: 'Integer', in: 'query', required: false, description: 'Rows to skip' },
  { name: 'count', type: 'Boolean', in: 'query', required: false, description: 'Return only {"total": N}' },
  { name: 'replyWithCount', type: 'Boolean', in: 'query', required: false, description: 'Return the total beside the inventories' },
  { name: 'sort', type: 'String', in: 'query', required: false, description: '+field or -field' },
  { name: 'fields', type: 'String', in: 'query', required: false, description: 'Comma-separated native fields to return' },
  { name: 'groupBy', type: 'String', in: 'query', required: false, description: 'Field to group by' },
];

/** Query APIs whose resource is not simply the name after "Query". */
const QUERY_RESOURCE_OF: Record<string, string> = { QueryPciDevicePciDeviceOffering: 'PciDevicePciDeviceOfferingRef' };

export const isQueryApi = (api: Pick<CatalogueApi, 'api' | 'method'>): boolean => api.method === 'GET' && api.api.startsWith('Query');

export const queryResourceOf = (apiName: string): string => QUERY_RESOURCE_OF[apiName] ?? apiName.slice('Query'.length);

const placeholdersOf = (api: CatalogueApi): Set<string> => new Set([api.path, ...api.altPaths].flatMap((p) => [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

function readParam(api: CatalogueApi, p: CatalogueParam, placeholders: Set<string>): ParamSpec {
  let name = p.name.trim();
  let required = p.required;
  let location = p.in;
  if (OPTIONAL_MARK.test(name)) {
    name = name.replace(OPTIONAL_MARK, '');
    required = false;
  }
  // A route taken from the SDK moved a parameter into the path (GetHostIommuStatus's uuid).
  if (location !== 'url' && placeholders.has(name) && !api.params.some((q) => q.in === 'url' && q.name === name)) {
    location = 'url';
    required = true;
  }
  // A variable of the call's own route cannot be left out, whatever the table says
  // (RefreshSharedblockDeviceCapacity's uuid: "empty refreshes every LUN", yet it is in the path).
  if (location === 'url' && [...api.path.matchAll(/\{(\w+)\}/g)].some((m) => m[1] === name)) required = true;
  // The manual's request examples put the tags at the top of the body, whatever the table says.
  if ((name === 'systemTags' || name === 'userTags') && location === 'body.params') location = 'body';
  // Any other field of a call with a body key travels inside it: ZStack's RestRequest puts the
  // whole message under its parameterName (the table says "body" for AddMonToCephBackupStorage's monUrls)...
  else if (location === 'body' && name !== 'systemTags' && name !== 'userTags') location = api.bodyKey ? 'body.params' : 'query';
  // ...and a call without one (a DELETE) sends them in the query string, as ZStack's SDKs do.
  // "未使用" (unused) yet marked required; ZStack's SDK does not require it either.
  if (required && p.description?.trim() === '未使用' && !api.sdk.required.includes(name)) required = false;
  const values = cleanValues(p.values) ?? (api.sdk.values[name]?.length ? api.sdk.values[name] : null) ?? (name === 'deleteMode' ? DELETE_MODES : null);
  const spec: ParamSpec = { name, type: paramType(p.type), in: location, required };
  if (values) spec.values = values;
  const description = cleanText(p.description);
  if (description) spec.description = description;
  return spec;
}

/** Parameters ZStack's SDK (a later release) names and the 3.0.0 manual does not: accepted
 *  as optional, since real clients send them. */
function sdkOnlyParams(api: CatalogueApi, known: Set<string>): ParamSpec[] {
  const names = [...new Set([...api.sdk.required, ...Object.keys(api.sdk.values)])];
  return names
    .filter((n) => !known.has(n) && !(isQueryApi(api) && SDK_QUERY_ONLY.has(n)))
    .map((name) => {
      const spec: ParamSpec = { name, type: 'String', in: api.bodyKey ? 'body.params' : 'query', required: false, description: "Not in the 3.0.0 manual; ZStack's SDK sends it" };
      if (api.sdk.values[name]?.length) spec.values = api.sdk.values[name];
      return spec;
    });
}

/** The contract's parameters of one catalogue API. */
export function paramsOf(api: CatalogueApi): ParamSpec[] {
  const placeholders = placeholdersOf(api);
  const params: ParamSpec[] = [];
  for (const p of api.params) {
    // Nameless rows are fragments of a cell the PDF wrapped onto a line of its own.
    if (!p.name.trim()) continue;
    const spec = readParam(api, p, placeholders);
    const twin = params.find((q) => q.name === spec.name);
    if (twin) throw new Error(`${api.api}: parameter ${spec.name} listed twice`);
    params.push(spec);
  }
  params.push(...sdkOnlyParams(api, new Set(params.map((p) => p.name))));
  if (!isQueryApi(api)) return params;
  // A Query API's alternative route (`/v1/zones/{uuid}`) selects one resource by its uuid.
  const selectors = [...placeholders]
    .filter((name) => !params.some((p) => p.name === name))
    .map((name): ParamSpec => ({ name, type: 'String', in: 'url', required: false, description: `Selects one resource by ${name} (the route with {${name}})` }));
  return [...params, ...QUERY_PARAMS, ...selectors];
}

// ---- inventories and replies ---------------------------------------------------------

/** Names of the element types behind `#nested` tables, as ZStack's SDK names the classes.
 *  Tables of `name`/`ordinal` rows are Java enums and become plain strings. */
const NESTED_TYPE: Record<string, string> = {
  'CephPrimaryStorageInventory#mons': 'CephPrimaryStorageMonInventory',
  'CephBackupStorageInventory#mons': 'CephBackupStorageMonInventory',
  '#matchedPciDeviceOfferingRef': 'PciDevicePciDeviceOfferingRefInventory',
  '#matchedPciDevices': 'PciDevicePciDeviceOfferingRefInventory',
  '#attachedInstanceOfferings': 'PciDeviceOfferingInstanceOfferingRefInventory',
  '#metaData': 'PciDeviceMetaData',
  '#metadata': 'PciDeviceMetaData',
  '#metaDataEntries': 'PciDeviceMetaDataEntry',
  '#sharedBlocks': 'SharedBlockInventory',
  '#backupStorageRefs': 'ImageBackupStorageRefInventory',
  '#iscsiTargets': 'IscsiTargetInventory',
  '#iscsiLuns': 'IscsiLunInventory',
  '#iscsiClusterRefs': 'IscsiServerClusterRefInventory',
  '#results': 'SharedBlockCandidateStruct',
};

/** Replies whose table types the list as `List` and whose fields match no inventory:
 *  the element class as ZStack's SDK names it. */
const LIST_ELEMENT: Record<string, string> = { GetLocalStorageHostDiskCapacity: 'HostDiskCapacity' };

const isEnumTable = (fields: CatalogueField[]) => fields.every((f) => f.name === 'name' || f.name === 'ordinal' || /[^\x00-\x7f]/.test(f.name));

function fieldType(raw: string, nested: CatalogueField[] | undefined): FieldType {
  const t = raw.replace(/\s+/g, '');
  const simple: Record<string, FieldType> = { Timestamp: 'Timestamp', Long: 'Long', long: 'Long', Integer: 'Integer', int: 'Integer', Boolean: 'Boolean', boolean: 'Boolean', Float: 'Float', float: 'Float', Double: 'Float', String: 'String', List: 'List', Set: 'List', Map: 'Map', LinkedHashMap: 'Map', ErrorCode: 'Object' };
  if (simple[t]) return simple[t];
  // Any other class name is a structure when the manual prints its table, else an enum.
  return nested && !isEnumTable(nested) ? 'Object' : 'String';
}

function inventoryFields(owner: string, fields: CatalogueField[], nested: Record<string, CatalogueField[]>, out: Record<string, InventorySpec>): InventoryField[] {
  return fields.map((f) => {
    const table = nested[`#${f.name}`];
    const field: InventoryField = { name: f.name, type: fieldType(f.type, table) };
    if ((field.type === 'List' || field.type === 'Object') && table && !isEnumTable(table)) {
      const element = NESTED_TYPE[`${owner}#${f.name}`] ?? NESTED_TYPE[`#${f.name}`];
      if (!element) throw new Error(`${owner}.${f.name}: no name for the element type of #${f.name}`);
      field.elementType = element;
      addInventory(element, inventoryFields(element, table, nested, out), out);
    }
    const description = cleanText(f.description);
    if (description) field.description = description;
    return field;
  });
}

/** Several replies show the same inventory, some with fewer fields: keep the fullest. */
function addInventory(name: string, fields: InventoryField[], out: Record<string, InventorySpec>): void {
  const known = out[name];
  if (!known || known.fields.length < fields.length) out[name] = { name, fields };
}

/** Reply-table rows that are not result fields: the error and success every reply has,
 *  and fragments the PDF split off (":", a lone "ErrorCode"). */
const isResultField = (f: CatalogueField) => /^[a-z]\w*$/.test(f.name) && f.name !== 'error' && f.name !== 'success' && f.type.replace(/\s+/g, '') !== 'ErrorCode';

/** The element inventory of a list reply typed only `List`: the inventory with exactly
 *  the reply's fields (GetPciDeviceCandidatesForAttachingVm lists PciDeviceInventory). */
function listElementOf(api: CatalogueApi, known: Record<string, InventorySpec>): string {
  const names = api.reply.fields.map((f) => f.name).sort().join(',');
  const match = Object.values(known).find((inv) => inv.fields.map((f) => f.name).sort().join(',') === names);
  const element = match?.name ?? LIST_ELEMENT[api.api];
  if (!element) throw new Error(`${api.api}: no inventory has the fields of its List reply`);
  return element;
}

/** Inventories named by the replies, then the element inventories of untyped list replies. */
export function inventoriesOf(catalogue: CatalogueApi[]): Record<string, InventorySpec> {
  const out: Record<string, InventorySpec> = {};
  for (const api of catalogue) {
    const type = isQueryApi(api) ? `${queryResourceOf(api.api)}Inventory` : cleanTypeName(api.reply.type);
    if (!type?.endsWith('Inventory') || api.reply.fields.length === 0) continue;
    // The manual prints PciDevice's fields for QueryPciDevicePciDeviceOffering, whose
    // inventory is the reference between a device and an offering (ZStack's @AutoQuery).
    if (api.api === 'QueryPciDevicePciDeviceOffering') continue;
    addInventory(type, inventoryFields(type, api.reply.fields, api.nestedTypes, out), out);
  }
  for (const api of catalogue) {
    if (isQueryApi(api) || api.reply.type !== 'List' || api.reply.key !== 'inventories') continue;
    const element = listElementOf(api, out);
    addInventory(element, inventoryFields(element, api.reply.fields, api.nestedTypes, out), out);
  }
  for (const api of catalogue) {
    if (api.reply.key === 'inventory' || api.reply.key === 'inventories') continue;
    inventoryFields(api.api, api.reply.fields.filter(isResultField), api.nestedTypes, out);
  }
  for (const api of catalogue) {
    const inventory = isQueryApi(api) ? `${queryResourceOf(api.api)}Inventory` : null;
    if (inventory && !out[inventory]) throw new Error(`${api.api}: no reply of the catalogue shows ${inventory}`);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Replies the manual leaves out, as ZStack's own source defines them (its reply class and
 *  @RestResponse): LocalStorageGetVolumeMigratableHosts answers APILocalStorageGetVolumeMigratableReply,
 *  `@RestResponse(allTo = "inventories")` over a List<HostInventory>. */
const REPLY_FROM_ZSTACK_SOURCE: Record<string, ReplyKind> = {
  LocalStorageGetVolumeMigratableHosts: { kind: 'inventories', key: 'inventories', type: 'HostInventory' },
};

export function replyOf(api: CatalogueApi, inventories: Record<string, InventorySpec>): ReplyKind {
  if (REPLY_FROM_ZSTACK_SOURCE[api.api]) return REPLY_FROM_ZSTACK_SOURCE[api.api];
  const type = cleanTypeName(api.reply.type);
  if (isQueryApi(api)) return { kind: 'inventories', key: 'inventories', type: `${queryResourceOf(api.api)}Inventory` };
  if (api.reply.key === 'inventory') return { kind: 'inventory', key: 'inventory', type: type ?? 'Map' };
  if (api.reply.key === 'inventories') return { kind: 'inventories', key: 'inventories', type: type === 'List' ? listElementOf(api, inventories) : (type ?? 'Map') };
  const fields = inventoryFields(api.api, api.reply.fields.filter(isResultField), api.nestedTypes, {});
  if (api.reply.key || fields.length) return { kind: 'fields', key: api.reply.key, type, fields };
  return { kind: 'empty' };
}

export function apisOf(catalogue: CatalogueApi[], inventories: Record<string, InventorySpec>): ApiSpec[] {
  return catalogue.map((a) => {
    const spec: ApiSpec = {
      name: a.api,
      section: a.section,
      summary: cleanText(a.summary) ?? a.title,
      method: a.method,
      path: a.path,
      altPaths: a.altPaths,
      bodyKey: a.bodyKey,
      async: a.async,
      params: paramsOf(a),
      reply: replyOf(a, inventories),
    };
    if (isQueryApi(a)) spec.queryResource = queryResourceOf(a.api);
    return spec;
  });
}

// ---- files ----------------------------------------------------------------------------

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'libs/contract/src/types.ts'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('run inside the repository: libs/contract/src/types.ts not found above this script');
    dir = up;
  }
  return dir;
}

function main(): void {
  const repo = repoRoot();
  const cataloguePath = resolve(process.argv[2] ?? join(repo, 'libs/contract/catalogue/zstack-hardware-api.json'));
  const catalogue = JSON.parse(readFileSync(cataloguePath, 'utf8')) as CatalogueApi[];
  const inventories = inventoriesOf(catalogue);
  const apis = apisOf(catalogue, inventories);
  const header = '// Generated by scripts/generate-contract.ts from the hardware API catalogue, then owned here.\n// Regenerate with `npm run generate:contract`; docs/contract.md says how the catalogue was read.\n';
  writeFileSync(join(repo, 'libs/contract/src/apis.generated.ts'), `${header}import type { ApiSpec } from './types.js';\n\nexport const APIS: readonly ApiSpec[] = ${JSON.stringify(apis, null, 2)};\n`);
  writeFileSync(
    join(repo, 'libs/contract/src/inventories.generated.ts'),
    `${header}import type { InventorySpec } from './types.js';\n\nexport const INVENTORIES: Readonly<Record<string, InventorySpec>> = ${JSON.stringify(inventories, null, 2)};\n`,
  );
  console.log(`wrote ${apis.length} APIs and ${Object.keys(inventories).length} inventories from ${cataloguePath}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
