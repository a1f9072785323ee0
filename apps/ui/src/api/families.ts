// The console's resource families, derived from the contract alone: every Query API with a
// resource of the query graph is a family; the writes below its path are its actions. A
// family the server gains (storage, iSCSI, devices, VMs) gets its pages with its APIs.
import { ALL_APIS, QUERY_RESOURCES, type ApiSpec, type QueryField, type QueryResource } from '#contract';

export interface Family {
  /** Query-graph resource, e.g. `Host`. */
  resource: QueryResource;
  /** URL segment of its pages, e.g. `host`. */
  slug: string;
  /** Readable plural, e.g. `Hosts`. */
  title: string;
  query: ApiSpec;
  /** Writes that make or act on many: CreateZone, AddKVMHost, KvmRunShell. */
  tableActions: ApiSpec[];
  /** Writes on one resource (a `{uuid}`-like path variable): update, state change, delete... */
  resourceActions: ApiSpec[];
}

const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
const plural = (s: string) => (/(s|sh|ch|x)$/.test(s) ? `${s}es` : /[^aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : `${s}s`);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The path variable naming the resource a write acts on: `uuid` or `<resource>Uuid`. */
export function targetParam(api: ApiSpec, resource: QueryResource): string | undefined {
  const names = ['uuid', `${lowerFirst(resource.name)}Uuid`];
  return api.params.find((p) => p.in === 'url' && names.includes(p.name))?.name;
}

function familyOf(query: ApiSpec): Family | null {
  const resource = query.queryResource ? QUERY_RESOURCES[query.queryResource] : undefined;
  if (!resource) return null;
  const below = ALL_APIS.filter((a) => a.method !== 'GET' && (a.path === query.path || a.path.startsWith(`${query.path}/`)));
  return {
    resource,
    slug: resource.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase(),
    title: plural(words(resource.name)),
    query,
    tableActions: below.filter((a) => !a.params.some((p) => p.in === 'url')),
    resourceActions: below.filter((a) => targetParam(a, resource)),
  };
}

export const FAMILIES: readonly Family[] = ALL_APIS.filter((a) => a.queryResource).flatMap((q) => familyOf(q) ?? []);

const BY_RESOURCE = new Map(FAMILIES.map((f) => [f.resource.name, f]));
const BY_SLUG = new Map(FAMILIES.map((f) => [f.slug, f]));

export const familyOfResource = (name: string) => BY_RESOURCE.get(name);
export const familyOfSlug = (slug: string) => BY_SLUG.get(slug);

/** Readable name of an API or a field: `ChangeZoneState` -> `Change Zone State`. */
export const label = (name: string) => words(name).replace(/^./, (c) => c.toUpperCase());

/** The columns a table shows first: identity, state, then what the inventory has most of. */
const PREFERRED = ['name', 'uuid', 'state', 'status', 'type', 'hypervisorType', 'managementIp', 'zoneUuid', 'clusterUuid', 'hostUuid'];

export function tableColumns(resource: QueryResource, max = 8): QueryField[] {
  const preferred = PREFERRED.flatMap((n) => resource.fields.filter((f) => f.name === n));
  const rest = resource.fields.filter((f) => !PREFERRED.includes(f.name) && !['description', 'lastOpDate', 'createDate'].includes(f.name));
  return [...preferred, ...rest].slice(0, max - 1).concat(resource.fields.filter((f) => f.name === 'createDate' && !preferred.includes(f)));
}

/** The family a `<x>Uuid` field points to (`zoneUuid` -> Zone), to link it or pick it. */
export function familyOfUuidField(field: string): Family | undefined {
  const m = /^(.*)Uuid$/.exec(field);
  return m ? BY_RESOURCE.get(m[1].charAt(0).toUpperCase() + m[1].slice(1)) : undefined;
}
