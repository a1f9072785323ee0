// Completion of the filter box: the last condition being typed is completed with the fields
// and joins of the query graph (`cluster.` leads to the cluster's fields), then with the
// query language's operators, then with a field's allowed values.
import { completions, resolveFieldPath } from '#contract';

export const OPERATORS = ['=', '!=', '~=', '!~=', '>', '<', '>=', '<=', '?=', '!?=', '=null', '!=null'] as const;

const OPERATOR_AT = /(!\?=|\?=|!~=|~=|!=|>=|<=|=|>|<)/;

/** Conditions as typed: separated by spaces (a condition has none). */
export const conditionsOf = (text: string) => text.split(/\s+/).filter(Boolean);

export function suggest(resource: string, text: string): string[] {
  const head = text.replace(/\S*$/, '');
  const last = text.slice(head.length);
  const op = OPERATOR_AT.exec(last);
  if (op) {
    const field = last.slice(0, op.index);
    const path = resolveFieldPath(resource, field);
    const values = path.ok ? (path.field.values ?? (path.field.type === 'Boolean' ? ['true', 'false'] : [])) : [];
    return values.map((v) => `${head}${field}${op[0]}${v}`).filter((s) => s.startsWith(text));
  }
  const fields = completions(resource, last);
  const path = resolveFieldPath(resource, last);
  const operators = path.ok ? OPERATORS.map((o) => `${last}${o}`) : [];
  return [...operators, ...fields.filter((f) => f !== last)].slice(0, 40).map((s) => head + s);
}
