// The typed zstack/v1 client of the console: an ApiSpec of the contract plus values makes
// the request (path variables, body key, query string) exactly as the contract places them.
import type { ApiSpec } from '#contract';
import { currentSession, setSession } from './session';

export interface ZStackError {
  code: string;
  description: string;
  details?: string | null;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ZStackError,
  ) {
    super(`${error.code}: ${error.description}${error.details ? ` (${error.details})` : ''}`);
  }
}

export interface Answer {
  status: number;
  body: any;
}

export type Values = Record<string, unknown>;

/** Any call below /zstack; an expired session (ID.1001) logs the tab out. */
export async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const session = currentSession();
  const res = await fetch(`/zstack${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(session ? { Authorization: `OAuth ${session.uuid}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: { code: `HTTP ${res.status}`, description: text.slice(0, 500) } };
  }
  if (parsed?.error?.code === 'ID.1001' && session) setSession(null, 'expired');
  return { status: res.status, body: parsed };
}

/** The request an API makes with these values: path, query string and body. */
export function requestOf(api: ApiSpec, values: Values): { path: string; body?: unknown } {
  let path = api.path;
  const query = new URLSearchParams();
  const inner: Values = {};
  const top: Values = {};
  for (const p of api.params) {
    const v = values[p.name];
    if (v === undefined || v === null || v === '') continue;
    if (p.in === 'url') path = path.replace(`{${p.name}}`, encodeURIComponent(String(v)));
    else if (p.in === 'query') for (const item of Array.isArray(v) ? v : [v]) query.append(p.name, String(item));
    else if (p.in === 'body') top[p.name] = v;
    else inner[p.name] = v;
  }
  const qs = query.toString();
  const full = qs ? `${path}?${qs}` : path;
  if (api.method === 'GET' || api.method === 'DELETE') return { path: full };
  return { path: full, body: api.bodyKey ? { [api.bodyKey]: inner, ...top } : { ...inner, ...top } };
}

export function failureOf(answer: Answer): ApiFailure {
  const error: ZStackError = answer.body?.error ?? { code: `HTTP ${answer.status}`, description: 'the server answered without an error body' };
  return new ApiFailure(answer.status, error);
}

export interface QueryPage {
  inventories: any[];
  total: number;
}

export interface QueryOptions {
  conditions?: string[];
  limit?: number;
  start?: number;
  sort?: string;
  fields?: string[];
}

/** A Query API with conditions, paging and sorting (replyWithCount for the pager). */
export async function query(api: ApiSpec, o: QueryOptions = {}): Promise<QueryPage> {
  const qs = new URLSearchParams();
  for (const c of o.conditions ?? []) qs.append('q', c);
  qs.set('limit', String(o.limit ?? 20));
  qs.set('start', String(o.start ?? 0));
  qs.set('replyWithCount', 'true');
  if (o.sort) qs.set('sort', o.sort);
  if (o.fields?.length) qs.set('fields', o.fields.join(','));
  const answer = await call('GET', `${api.path}?${qs}`);
  if (answer.status !== 200) throw failureOf(answer);
  return { inventories: answer.body.inventories ?? [], total: answer.body.total ?? answer.body.inventories?.length ?? 0 };
}
