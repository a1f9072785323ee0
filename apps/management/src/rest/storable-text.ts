// What PostgreSQL cannot store must be refused before a job exists: a request is kept as
// jsonb (api_job.request) and its strings in varchar columns, and both refuse a NUL
// character and a lone UTF-16 surrogate (JSON allows "\u0000" and "\ud800"; Unicode text
// does not). Every string and every object key of a request is checked, however deep.

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** jsonb nests at most this deep here: deeper is never a real parameter, and PostgreSQL's
 *  own parser would give up on a deep enough one with a stack error. */
export const MAX_NESTING = 32;

function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate, which is not Unicode text';
  return null;
}

const at = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Why `value` (reached as `path`; '' for the request's own object of parameters) cannot
 *  be stored, naming where; null when it can. */
export function unstorableText(value: unknown, path: string): string | null {
  // Iterative: a body of 100,000 nested arrays must not overflow the stack here.
  const pending: [unknown, string, number][] = [[value, path, 0]];
  while (pending.length) {
    const [v, where, depth] = pending.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return `parameter ${where} ${problem}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_NESTING) return `parameter ${where} is nested deeper than ${MAX_NESTING} levels`;
    if (Array.isArray(v)) {
      // Pushed last first, so the first bad element is the one named.
      for (let i = v.length - 1; i >= 0; i--) pending.push([v[i], at(where, i), depth + 1]);
      continue;
    }
    const entries = Object.entries(v);
    for (const [key] of entries) {
      const problem = textProblem(key);
      if (problem) return `${where ? `parameter ${where} has a key ${JSON.stringify(key)} that` : `parameter name ${JSON.stringify(key)}`} ${problem}`;
    }
    for (const [key, item] of entries.reverse()) pending.push([item, at(where, key), depth + 1]);
  }
  return null;
}
