// The checks one parameter of the contract must pass, compiled once per API: required or
// optional, its type, its enumerated values, then the bounds libs/contract's paramLimits()
// gives it (lengths in characters as PostgreSQL's varchar counts them, element rules of
// lists, integer ranges and formats). Each message names the parameter, and the element.
// Plain functions rather than class-validator metadata: the metadata lookups it did on
// every request were a visible share of the job path's CPU (docs/benchmarks.md).
import { isHostAddress, type ParamFormat, type ParamLimits, paramLimits, type ParamSpec } from '#contract';

/** Why a value breaks one rule, or null. */
type Rule = (value: unknown) => string | null;

/** Why a parameter's value is refused (the first rule it breaks), or null. */
export type ParamCheck = (value: unknown) => string | null;

const UUID = /^[0-9a-f]{32}$/;

const FORMATS: Record<ParamFormat, { test: (s: string) => boolean; says: string }> = {
  uuid: { test: (s) => UUID.test(s), says: 'a uuid of 32 lowercase hex digits' },
  'host-address': { test: isHostAddress, says: 'an IP address or a host name' },
};

/** Characters as PostgreSQL counts them: code points, not UTF-16 units. */
function characters(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Why one string breaks the limits, or null. */
function stringProblem(s: string, limits: ParamLimits): string | null {
  if (limits.format && !FORMATS[limits.format].test(s)) return `must be ${FORMATS[limits.format].says}`;
  if (limits.maxLength !== undefined && characters(s) > limits.maxLength) return `is longer than ${limits.maxLength} characters`;
  return null;
}

/** The first element of a list that is not a string within the limits, and why. */
function elementProblem(list: unknown, limits: ParamLimits): string | null {
  if (!Array.isArray(list)) return null;
  for (const [i, item] of list.entries()) {
    if (typeof item !== 'string') return `element ${i} must be a string, not ${item === null ? 'null' : Array.isArray(item) ? 'a list' : typeof item}`;
    const problem = stringProblem(item, limits);
    if (problem) return `element ${i} ${problem}`;
  }
  return null;
}

const TYPE_TESTS: Partial<Record<ParamSpec['type'], { test: (v: unknown) => boolean; says: string }>> = {
  String: { test: (v) => typeof v === 'string', says: 'must be a string' },
  Timestamp: { test: (v) => typeof v === 'string', says: 'must be a string' },
  Integer: { test: (v) => typeof v === 'number' && Number.isInteger(v), says: 'must be an integer' },
  Long: { test: (v) => typeof v === 'number' && Number.isInteger(v), says: 'must be an integer' },
  Float: { test: (v) => typeof v === 'number' && Number.isFinite(v), says: 'must be a number' },
  Boolean: { test: (v) => typeof v === 'boolean', says: 'must be true or false' },
  List: { test: Array.isArray, says: 'must be a list' },
  Set: { test: Array.isArray, says: 'must be a list' },
  Map: { test: (v) => v !== null && typeof v === 'object' && !Array.isArray(v), says: 'must be an object' },
};

/** The rules after the type check: enumerated values, then the limits. */
function valueRules(p: ParamSpec, limits: ParamLimits): Rule[] {
  const rules: Rule[] = [];
  const named = (problem: string) => `parameter ${p.name} ${problem}`;
  if (p.values?.length) {
    const allowed = new Set<unknown>(p.values);
    const says = named(`must be one of [${p.values.join(', ')}]`);
    const each = p.type === 'List' || p.type === 'Set';
    rules.push((v) => ((each && Array.isArray(v) ? v.every((item) => allowed.has(item)) : allowed.has(v)) ? null : says));
  }
  switch (p.type) {
    case 'String':
    case 'Timestamp':
      if (limits.format || limits.maxLength !== undefined) rules.push((v) => stringProblem(v as string, limits) && named(stringProblem(v as string, limits)!));
      break;
    case 'List':
    case 'Set':
      if (limits.maxItems !== undefined) {
        const max = limits.maxItems;
        rules.push((v) => ((v as unknown[]).length > max ? named(`has more than ${max} elements`) : null));
      }
      if (limits.format || limits.maxLength !== undefined) rules.push((v) => elementProblem(v, limits) && named(elementProblem(v, limits)!));
      break;
    case 'Integer':
    case 'Long':
      if (limits.min !== undefined && limits.max !== undefined) {
        const { min, max } = limits;
        rules.push((v) => ((v as number) >= min && (v as number) <= max ? null : named(`must be between ${min} and ${max}`)));
      }
      break;
  }
  return rules;
}

/** A parameter's check: absent (undefined or null) is refused only when it is required;
 *  a present value must pass its type, then each rule, the first broken one named. */
export function paramCheck(p: ParamSpec): ParamCheck {
  const type = TYPE_TESTS[p.type];
  const typeSays = type && `parameter ${p.name} ${type.says}`;
  const rules = valueRules(p, paramLimits(p));
  const missing = p.required ? `parameter ${p.name} is required` : null;
  return (value) => {
    if (value === undefined || value === null) return missing;
    if (type && !type.test(value)) return typeSays!;
    for (const rule of rules) {
      const problem = rule(value);
      if (problem) return problem;
    }
    return null;
  };
}
