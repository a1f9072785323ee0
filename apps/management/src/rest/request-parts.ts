// Splitting a request into what the contract calls parameter locations, and converting
// query-string text to the parameter's type before validation sees it.
import { ApiError, type ApiSpec } from '#contract';
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

function queryValue(type: string, all: string[]): unknown {
  const raw = all[all.length - 1];
  switch (type) {
    case 'Integer':
    case 'Long':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'Float':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'Boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'List':
    case 'Set':
      return all.flatMap((v) => v.split(',')).filter((v) => v !== '');
    default:
      return raw;
  }
}

export function requestParts(api: ApiSpec, body: Record<string, unknown>, pathParams: Record<string, string>, search: URLSearchParams): RequestParts {
  const { [api.bodyKey ?? '\0']: inner, ...rest } = body;
  if (api.bodyKey && inner !== undefined && (inner === null || typeof inner !== 'object' || Array.isArray(inner))) {
    throw ApiError.invalidArgument(`"${api.bodyKey}" must be a JSON object`);
  }
  const query: Record<string, unknown> = {};
  for (const p of api.params) {
    if (p.in !== 'query') continue;
    const all = search.getAll(p.name);
    if (all.length) query[p.name] = queryValue(p.type, all);
  }
  return { params: (inner as Record<string, unknown>) ?? {}, body: api.bodyKey ? rest : body, pathParams, query };
}
