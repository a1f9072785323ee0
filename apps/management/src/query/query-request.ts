// Reading a Query API's query string: conditions (`q`, alias `condition`) and the
// paging/shaping parameters, with ZStack's defaults and clear errors.
import { ApiError } from '#contract';

export type Operator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '?=' | '!?=' | '~=' | '!~=' | 'is null' | 'is not null';

export interface Condition {
  field: string;
  op: Operator;
  value: string;
}

export interface QueryRequest {
  conditions: Condition[];
  limit: number;
  start: number;
  count: boolean;
  replyWithCount: boolean;
  sort: { field: string; direction: 'ASC' | 'DESC' } | null;
  fields: string[] | null;
  groupBy: string | null;
}

// Longest first, so `!?=` is not read as `!` + `?=`.
const OPERATORS = ['!?=', '!~=', '?=', '~=', '!=', '>=', '<=', '=', '>', '<'] as const;
const FIELD = /^(__userTag__|__systemTag__|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)/;

export function parseCondition(text: string): Condition {
  const field = FIELD.exec(text)?.[0];
  if (!field) throw ApiError.invalidArgument(`malformed query condition "${text}": it must start with a field name`);
  const rest = text.slice(field.length);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw ApiError.invalidArgument(`malformed query condition "${text}": no operator after field ${field}`);
  const value = rest.slice(op.length);
  if (value === 'null' && op === '=') return { field, op: 'is null', value };
  if (value === 'null' && op === '!=') return { field, op: 'is not null', value };
  return { field, op, value };
}

function integerParam(search: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = search.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw ApiError.invalidArgument(`parameter ${name} must be a non-negative integer, got "${raw}"`);
  const value = Number(raw);
  if (value > max) throw ApiError.invalidArgument(`parameter ${name} must be at most ${max}, got ${value}`);
  return value;
}

function booleanParam(search: URLSearchParams, name: string): boolean {
  const raw = search.get(name);
  if (raw === null || raw === '') return false;
  // Read ignoring case, as ZStack does: its Python SDK sends `count=True`.
  const lower = raw.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw ApiError.invalidArgument(`parameter ${name} must be true or false, got "${raw}"`);
  return lower === 'true';
}

export function parseQueryRequest(search: URLSearchParams, maxLimit: number): QueryRequest {
  const conditions = [...search.getAll('q'), ...search.getAll('condition')].filter((c) => c !== '').map(parseCondition);
  const sortRaw = search.get('sort');
  let sort: QueryRequest['sort'] = null;
  if (sortRaw) {
    const m = /^([+-]?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(sortRaw.replace(/^ /, '+'));
    if (!m) throw ApiError.invalidArgument(`parameter sort must be +field or -field, got "${sortRaw}"`);
    sort = { field: m[2], direction: m[1] === '-' ? 'DESC' : 'ASC' };
  }
  const fieldsRaw = search.get('fields');
  const groupBy = search.get('groupBy') || null;
  if (groupBy !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(groupBy)) throw ApiError.invalidArgument(`parameter groupBy must be a field name, got "${groupBy}"`);
  return {
    conditions,
    limit: integerParam(search, 'limit', Math.min(1000, maxLimit), maxLimit),
    start: integerParam(search, 'start', 0, Number.MAX_SAFE_INTEGER),
    count: booleanParam(search, 'count'),
    replyWithCount: booleanParam(search, 'replyWithCount'),
    sort,
    fields: fieldsRaw ? fieldsRaw.split(',').map((f) => f.trim()).filter(Boolean) : null,
    groupBy,
  };
}
