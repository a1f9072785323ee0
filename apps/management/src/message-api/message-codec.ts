// Reading and writing ZStack's message API format, the one zstack-cli (through zstack-
// utility's apibinding) and ZStack's test harnesses speak: a message is
// `{"<Java class of the message>": {<fields>, "session": {"uuid": ...}}}`, an answer is
// `{"state": "Processing"|"Done", "uuid"?, "result"?: "<JSON text of {<Java class of the
// event or reply>: {..., "success": true|false}}>"}`. Pure functions; the router does I/O.
import { ApiError, type ApiSpec, apiByMessageName, MESSAGE_NAMES, type ZStackError } from '#contract';
import { coerceParam } from '../rest/request-parts.js';
import type { RequestParts } from '../rest/request-validator.js';

/** The answer class when no API can be named (the body names no known message). */
export const GENERIC_REPLY = 'org.zstack.header.message.APIReply';

/** Fields of every message that are not API parameters: apibinding sends `session` and
 *  `timeout`; ZStack's Java messages also carry these. */
const ENVELOPE_FIELDS = new Set(['session', 'timeout', 'id', 'serviceId', 'headers', 'createdTime']);

export interface DecodedMessage {
  api: ApiSpec;
  fields: Record<string, unknown>;
  sessionUuid: string | null;
}

export function decodeMessage(body: Record<string, unknown>): DecodedMessage {
  const keys = Object.keys(body);
  if (keys.length !== 1) throw ApiError.invalidArgument(`the body must hold exactly one message, {"org.zstack...API<Name>Msg": {...}}; it holds ${keys.length} keys`);
  const api = apiByMessageName(keys[0]);
  if (!api) throw ApiError.invalidArgument(`unknown message ${keys[0]}; docs/rest.md says which messages this node knows`);
  const value = body[keys[0]];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw ApiError.invalidArgument(`${keys[0]} must be a JSON object`);
  const fields = value as Record<string, unknown>;
  const session = fields.session as { uuid?: unknown } | undefined;
  return { api, fields, sessionUuid: typeof session?.uuid === 'string' ? session.uuid : null };
}

/** A message's fields in the contract's parameter locations. The CLI sends every value as
 *  text (`sshPort=22`), so scalars are read as their parameter's type, as ZStack's JSON
 *  reader does. Unknown fields go with the body key's, for the validator to log and drop. */
export function messageParts(api: ApiSpec, fields: Record<string, unknown>): RequestParts {
  const parts: RequestParts = { params: {}, body: {}, pathParams: {}, query: {} };
  for (const [name, value] of Object.entries(fields)) {
    if (ENVELOPE_FIELDS.has(name) || value === null) continue;
    const spec = api.params.find((p) => p.name === name);
    const coerced = spec ? coerceParam(spec.type, value) : value;
    if (spec?.in === 'url') parts.pathParams[name] = String(coerced);
    else if (spec?.in === 'body') parts.body[name] = coerced;
    else if (spec?.in === 'query') parts.query[name] = coerced;
    else parts.params[name] = coerced;
  }
  return parts;
}

/** ZStack's query operators (APIQueryMessage's QueryOp) in the zstack/v1 query syntax. */
const QUERY_OPS: Record<string, string> = {
  '=': '=', '!=': '!=', '>': '>', '<': '<', '>=': '>=', '<=': '<=',
  in: '?=', 'not in': '!?=', like: '~=', 'not like': '!~=', 'is null': '=', 'is not null': '!=',
};

/** A query message as the zstack/v1 query string it means, so both protocols share one
 *  parser (and its limits and error messages). */
export function querySearchOf(fields: Record<string, unknown>): URLSearchParams {
  const search = new URLSearchParams();
  const conditions = fields.conditions ?? [];
  if (!Array.isArray(conditions)) throw ApiError.invalidArgument('conditions must be a list of {"name", "op", "value"}');
  for (const c of conditions as Array<Record<string, unknown>>) {
    const op = typeof c?.op === 'string' ? QUERY_OPS[c.op] : undefined;
    if (typeof c?.name !== 'string' || !op) throw ApiError.invalidArgument(`malformed query condition ${JSON.stringify(c)}: it needs a name and an op among ${Object.keys(QUERY_OPS).join(', ')}`);
    const value = c.op === 'is null' || c.op === 'is not null' ? 'null' : Array.isArray(c.value) ? c.value.join(',') : String(c.value ?? '');
    search.append('q', `${c.name}${op}${value}`);
  }
  for (const name of ['limit', 'start', 'count', 'replyWithCount', 'groupBy'] as const) {
    if (fields[name] !== undefined && fields[name] !== null) search.set(name, String(fields[name]));
  }
  if (typeof fields.sortBy === 'string') search.set('sort', `${String(fields.sortDirection).toLowerCase() === 'desc' ? '-' : '+'}${fields.sortBy}`);
  if (Array.isArray(fields.fields)) search.set('fields', fields.fields.join(','));
  return search;
}

export function answerClassOf(api: ApiSpec | undefined): string {
  return (api && MESSAGE_NAMES[api.name]?.answer) ?? GENERIC_REPLY;
}

/** The `result` text: the answer class wrapping the reply. apibinding's JSON reader refuses
 *  `null` anywhere, so null fields are left out, as ZStack's Gson leaves them out. */
export function resultText(answerClass: string, reply: Record<string, unknown>): string {
  return JSON.stringify({ [answerClass]: withoutNulls(reply) });
}

export function successResult(answerClass: string, reply: Record<string, unknown>, apiId?: string): string {
  return resultText(answerClass, { ...reply, ...(apiId ? { apiId } : {}), success: true });
}

export function failureResult(answerClass: string, error: ZStackError, apiId?: string): string {
  return resultText(answerClass, { ...(apiId ? { apiId } : {}), success: false, error });
}

export function withoutNulls(value: unknown): any {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
}
