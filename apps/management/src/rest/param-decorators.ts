// class-validator decorators for the bounds libs/contract's paramLimits() gives a
// parameter: lengths in characters (as PostgreSQL's varchar counts them), element rules of
// lists, integer ranges and formats. Each message names the parameter, and the element.
import { isHostAddress, type ParamFormat, type ParamLimits, type ParamSpec } from '#contract';
import { ValidateBy, type ValidationArguments } from 'class-validator';

type PropertyDecorator = (target: object, propertyKey: string) => void;

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

/** A rule whose message may depend on the value (which element is bad). */
function rule(name: string, test: (value: unknown) => boolean, message: (value: unknown) => string): PropertyDecorator {
  return ValidateBy({ name, validator: { validate: (value) => test(value), defaultMessage: (args?: ValidationArguments) => message(args?.value) } });
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

/** The decorators that hold a parameter to its limits (after its type check). */
export function limitDecorators(p: ParamSpec, limits: ParamLimits): PropertyDecorator[] {
  const out: PropertyDecorator[] = [];
  const named = (problem: string | null) => `parameter ${p.name} ${problem}`;
  switch (p.type) {
    case 'String':
    case 'Timestamp':
      if (limits.format || limits.maxLength !== undefined) {
        out.push(rule('stringLimits', (v) => typeof v !== 'string' || stringProblem(v, limits) === null, (v) => named(stringProblem(v as string, limits))));
      }
      break;
    case 'List':
    case 'Set':
      if (limits.maxItems !== undefined) {
        const max = limits.maxItems;
        out.push(rule('maxItems', (v) => !Array.isArray(v) || v.length <= max, () => named(`has more than ${max} elements`)));
      }
      if (limits.format || limits.maxLength !== undefined) {
        out.push(rule('elementLimits', (v) => elementProblem(v, limits) === null, (v) => named(elementProblem(v, limits))));
      }
      break;
    case 'Integer':
    case 'Long':
      if (limits.min !== undefined && limits.max !== undefined) {
        const { min, max } = limits;
        out.push(rule('range', (v) => typeof v !== 'number' || (v >= min && v <= max), () => named(`must be between ${min} and ${max}`)));
      }
      break;
  }
  return out;
}
