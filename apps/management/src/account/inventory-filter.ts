// The query string of QueryAccount and QuerySession, over the few rows a caller may see:
// `q` conditions with = and != on the inventory's fields, limit, start, count and
// replyWithCount, as the query engine reads them for the hardware resources.
import { ApiError } from '#contract';
import { parseQueryRequest } from '../query/query-request.js';

const MAX_LIMIT = 10_000;

export function filterInventories(rows: Record<string, unknown>[], search: URLSearchParams): Record<string, unknown> {
  const request = parseQueryRequest(search, MAX_LIMIT);
  const fields = new Set(rows.flatMap((r) => Object.keys(r)));
  let matching = rows;
  for (const c of request.conditions) {
    if (c.op !== '=' && c.op !== '!=') throw ApiError.invalidArgument(`condition ${c.field}${c.op}${c.value}: accounts and sessions are queried with = and != only`);
    if (rows.length && !fields.has(c.field)) throw ApiError.invalidArgument(`no field ${c.field} to query; fields: ${[...fields].join(', ')}`);
    matching = matching.filter((r) => (String(r[c.field]) === c.value) === (c.op === '='));
  }
  if (request.count) return { total: matching.length };
  const page = matching.slice(request.start, request.start + request.limit);
  return request.replyWithCount ? { inventories: page, total: matching.length } : { inventories: page };
}
