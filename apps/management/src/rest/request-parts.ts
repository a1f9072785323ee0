// Splitting a request into what the contract calls parameter locations, and converting
// query-string text to the parameter's type before validation sees it.
import { ApiError, type ApiSpec, type ParamType } from '#contract';
import type { RequestParts } from './request-validator.js';

const TAG_KEYS = new Set(['systemTags', 'userTags']);

/** The body key of an action: the one top-level key that is not a tag list. */
export function actionKeyOf(body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((k) => !TAG_KEYS.has(k));
}

/** Picks the API among those sharing a PUT path by the body's single action key. */
export function pickByBodyKey(candidates: readonly ApiSpec[], body: Record<string, unknown>): ApiSpec {
  if (candidates.length === 1 && candidates[0].bodyKey === null) return candidates[0];
  const keys = actionKeyOf(body);
  const expected = candidates.map((c) => c.bodyKey).filter(Boolean);
  if (keys.length !== 1) {
    throw ApiError.invalidArgument(
      keys.length === 0 ? `the body names no action; expected one of: ${expected.join(', ')}` : `the body names several actions (${keys.join(', ')}); send exactly one of: ${expected.join(', ')}`,
    );
  }
  const api = candidates.find((c) => c.bodyKey === keys[0]);
  if (!api) throw ApiError.invalidArgument(`unknown action key "${keys[0]}" for this URL; expected one of: ${expected.join(', ')}`);
  return api;
}

/** Booleans are read ignoring case (`True`, `FALSE`), as ZStack reads them: its Python SDK
 *  writes them capitalised. */
function booleanOf(raw: string): boolean | string {
  const lower = raw.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : raw;
}

/** Converts text (a query string, or a JSON string where ZStack's JSON reader would accept
 *  it: `"True"` for a boolean, `"22"` for an integer) to the parameter's type. Anything
 *  else is left as it is, for validation to name. */
export function coerceParam(type: ParamType, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  switch (type) {
    case 'Integer':
    case 'Long':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'Float':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'Boolean':
      return booleanOf(value);
    case 'List':
    case 'Set':
      return listItems(value);
    default:
      return value;
  }
}

/** A list's text: `a,b`, or, as ZStack's Python SDK writes a list into a query string
 *  (Python's `'%s' % ['a', 'b']`), `['a', 'b']`. */
function listItems(text: string): string[] {
  const repr = /^\[(.*)\]$/s.exec(text);
  if (!repr) return text.split(',').filter((v) => v !== '');
  return repr[1]
    .split(',')
    .map((item) => item.trim().replace(/^u?'(.*)'$/s, '$1'))
    .filter((v) => v !== '');
}

function queryValue(type: ParamType, all: string[]): unknown {
  if (type === 'List' || type === 'Set') return all.flatMap((v) => coerceParam(type, v) as string[]);
  return coerceParam(type, all[all.length - 1]);
}

/** Reads the body key's object as ZStack's RestServer does: URL variables repeated inside it
 *  are dropped (the URL's value wins), `systemTags`/`userTags` inside it move to the top
 *  unless the top already has them, scalar text is read as the parameter's type. Keys the
 *  contract does not know stay, for the validator to log and drop. */
function bodyKeyParams(api: ApiSpec, inner: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inner)) {
    const spec = api.params.find((p) => p.name === key);
    if (spec?.in === 'url') continue;
    if (spec?.in === 'body' || TAG_KEYS.has(key)) {
      if (top[key] === undefined) top[key] = value;
      continue;
    }
    params[key] = spec ? coerceParam(spec.type, value) : value;
  }
  return params;
}

export function requestParts(api: ApiSpec, body: Record<string, unknown>, pathParams: Record<string, string>, search: URLSearchParams): RequestParts {
  const { [api.bodyKey ?? '\0']: inner, ...rest } = body;
  if (api.bodyKey && inner !== undefined && inner !== null && (typeof inner !== 'object' || Array.isArray(inner))) {
    throw ApiError.invalidArgument(`"${api.bodyKey}" must be a JSON object`);
  }
  const top = api.bodyKey ? rest : { ...body };
  const params = bodyKeyParams(api, (inner as Record<string, unknown> | undefined) ?? {}, top);
  const query: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    const spec = api.params.find((p) => p.name === name);
    if (spec?.in === 'url') continue; // ZStack's Python SDK repeats URL variables in the query string
    query[name] = spec ? queryValue(spec.type, search.getAll(name)) : search.get(name);
  }
  return { params, body: top, pathParams, query };
}
