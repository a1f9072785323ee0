// From an API of the contract and the operator's arguments to an HTTP request: which
// parameter goes in the path, the query string or the body, and with which JSON type.
// Nothing here names an API; the contract says it all.
import type { ApiSpec, ParamSpec } from '#contract';
import { type Argument, CliUsageError } from './command-line.js';

export interface HttpRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  body?: Record<string, unknown>;
}

/** The paging and shaping parameters of every Query API; anything else is a condition. */
export const QUERY_OPTIONS = ['limit', 'start', 'count', 'replyWithCount', 'sort', 'fields', 'groupBy'];

export function typedValue(spec: ParamSpec | undefined, raw: string): unknown {
  switch (spec?.type) {
    case 'List':
    case 'Set':
      return raw === '' ? [] : raw.split(',');
    case 'Integer':
    case 'Long':
    case 'Float':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'Boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'Map':
      try {
        return JSON.parse(raw);
      } catch {
        throw new CliUsageError(`${spec.name} is a map: give it as JSON, e.g. ${spec.name}='{"key":"value"}'`);
      }
    default:
      return raw;
  }
}

/** ZStack's CLI writes the sort as two message fields: `sortBy=name sortDirection=desc`. */
export const ZSTACK_SORT_OPTIONS = ['sortBy', 'sortDirection'];
export const SORT_DIRECTIONS = ['asc', 'desc'];

/** `sortBy=`/`sortDirection=` as the REST API's `sort=+name` / `sort=-name`. */
function sortFromZStackOptions(args: Argument[]): string | null {
  const by = args.find((a) => a.op === '=' && a.key === 'sortBy')?.value;
  const direction = args.find((a) => a.op === '=' && a.key === 'sortDirection')?.value;
  if (direction !== undefined && !SORT_DIRECTIONS.includes(direction.toLowerCase())) {
    throw new CliUsageError(`sortDirection=${direction}: give asc or desc`);
  }
  if (by === undefined) {
    if (direction !== undefined) throw new CliUsageError('sortDirection needs sortBy=<field>');
    return null;
  }
  if (args.some((a) => a.key === 'sort')) throw new CliUsageError('give either sort=+field or sortBy=/sortDirection=, not both');
  return `${direction?.toLowerCase() === 'desc' ? '-' : '+'}${by}`;
}

function queryRequest(api: ApiSpec, args: Argument[]): HttpRequest {
  const search = new URLSearchParams();
  for (const a of args) {
    if (a.op === '=' && ZSTACK_SORT_OPTIONS.includes(a.key)) continue;
    if (a.op === '=' && QUERY_OPTIONS.includes(a.key)) search.append(a.key, a.value);
    else search.append('q', `${a.key}${a.op}${a.value}`);
  }
  const sort = sortFromZStackOptions(args);
  if (sort) search.set('sort', sort);
  return { method: 'GET', path: api.path, search };
}

export function buildRequest(api: ApiSpec, args: Argument[]): HttpRequest {
  if (api.queryResource) return queryRequest(api, args);
  const byName = new Map(api.params.map((p) => [p.name, p]));
  const search = new URLSearchParams();
  const inner: Record<string, unknown> = {};
  const top: Record<string, unknown> = {};
  let path = api.path;
  for (const a of args) {
    if (a.op !== '=') throw new CliUsageError(`${a.key}${a.op}...: ${api.name} takes key=value parameters`);
    const spec = byName.get(a.key);
    const value = typedValue(spec, a.value);
    switch (spec?.in) {
      case 'url':
        path = path.replace(`{${a.key}}`, encodeURIComponent(a.value));
        break;
      case 'query':
        for (const v of Array.isArray(value) ? value : [a.value]) search.append(a.key, String(v));
        break;
      case 'body':
        top[a.key] = value;
        break;
      default:
        // body.params, and unknown names too: the server names what it does not know.
        if (api.bodyKey) inner[a.key] = value;
        else search.append(a.key, a.value);
    }
  }
  const missing = /\{(\w+)\}/.exec(path);
  if (missing) throw new CliUsageError(`parameter ${missing[1]} is required: ${api.name} ${missing[1]}=...`);
  const hasBody = api.method !== 'GET' && (api.bodyKey !== null || Object.keys(top).length > 0);
  return { method: api.method, path, search, body: hasBody ? { ...(api.bodyKey ? { [api.bodyKey]: inner } : {}), ...top } : undefined };
}
