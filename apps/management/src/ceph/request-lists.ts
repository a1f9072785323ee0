import { ApiError } from '#contract';
import type { ApiRequest } from '../api/api-command.js';

/** A list parameter of a DELETE: ZStack's SDKs send it in the query string, others in the body. */
export function listParam(request: ApiRequest, name: string): string[] {
  const value = request.query[name] ?? request.params[name];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const names = list.map((v) => String(v).trim()).filter(Boolean);
  if (!names.length) throw ApiError.invalidArgument(`${name} must name at least one mon host`);
  return names;
}
