// Tab completion, all derived from the contract: API names; parameter names not given
// yet; allowed values; for queries, fields and joins at any depth, then the operators.
import { ALL_APIS, apiByName, completions as fieldCompletions, QUERY_RESOURCES, resolveFieldPath } from '#contract';
import { BUILT_INS, QUERY_OPERATORS, tokenize } from './command-line.js';
import { QUERY_OPTIONS, SORT_DIRECTIONS, ZSTACK_SORT_OPTIONS } from './request-builder.js';

export const SHELL_COMMANDS = ['exit', 'quit', ...BUILT_INS];

const API_NAMES = [...ALL_APIS.map((a) => a.name), ...SHELL_COMMANDS].sort();

function safeTokens(line: string): string[] {
  try {
    return tokenize(line);
  } catch {
    return line.split(/\s+/);
  }
}

/** `help <API>`: the API names, for the one word after help. */
function completeHelp(tokens: string[], endsInSpace: boolean): [string[], string] {
  if (tokens.length > (endsInSpace ? 1 : 2)) return [[], ''];
  const typed = endsInSpace ? '' : tokens[1];
  return [ALL_APIS.map((a) => a.name).filter((n) => n.startsWith(typed)).sort(), typed];
}

/** Completions for the text before the cursor, as node:readline's completer wants them. */
export function complete(line: string): [string[], string] {
  const endsInSpace = /\s$/.test(line);
  const tokens = safeTokens(line);
  if (tokens.length === 0 || (tokens.length === 1 && !endsInSpace)) {
    const typed = tokens[0] ?? '';
    return [API_NAMES.filter((n) => n.startsWith(typed)), typed];
  }
  if (tokens[0] === 'help') return completeHelp(tokens, endsInSpace);
  const api = apiByName(tokens[0]);
  if (!api) return [[], ''];
  const current = endsInSpace ? '' : tokens[tokens.length - 1];
  const given = new Set(tokens.slice(1, endsInSpace ? undefined : -1).map((t) => /^[A-Za-z_][A-Za-z0-9_.]*/.exec(t)?.[0]));
  const op = QUERY_OPERATORS.map((o) => ({ o, at: current.indexOf(o) })).filter((x) => x.at > 0).sort((a, b) => a.at - b.at || b.o.length - a.o.length)[0];

  if (op) {
    // A value after key=: the allowed values, if the contract lists any.
    const key = current.slice(0, op.at);
    const prefix = current.slice(0, op.at + op.o.length);
    const typed = current.slice(prefix.length);
    let values: readonly string[] = api.params.find((p) => p.name === key)?.values ?? [];
    if (api.queryResource) {
      const path = resolveFieldPath(api.queryResource, key);
      if (path.ok) values = path.field.values ?? (path.field.type === 'Boolean' ? ['true', 'false'] : []);
      if (key === 'count' || key === 'replyWithCount') values = ['true', 'false'];
      if (key === 'sortDirection') values = SORT_DIRECTIONS;
      if (key === 'sortBy') values = QUERY_RESOURCES[api.queryResource].fields.map((f) => f.name);
    }
    return [values.filter((v) => v.startsWith(typed)).map((v) => prefix + v), current];
  }

  if (api.queryResource) {
    const resource = QUERY_RESOURCES[api.queryResource];
    const fields = fieldCompletions(resource.name, current);
    const exact = resolveFieldPath(resource.name, current);
    const operators = exact.ok ? QUERY_OPERATORS.map((o) => current + o).concat([`${current}=null`, `${current}!=null`]) : [];
    const options = current.includes('.') ? [] : [...QUERY_OPTIONS, ...ZSTACK_SORT_OPTIONS].filter((o) => !given.has(o) && o.startsWith(current)).map((o) => `${o}=`);
    const hits = [...new Set([...operators, ...fields.filter((f) => f !== current), ...options])];
    return [hits, current];
  }
  const names = api.params.filter((p) => !given.has(p.name)).map((p) => `${p.name}=`);
  return [names.filter((n) => n.startsWith(current)), current];
}
