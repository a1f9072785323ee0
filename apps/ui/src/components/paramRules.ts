// The contract's validation of a parameter as form rules, so the operator sees a bad value
// inline before anything is sent: required, allowed values, lengths, counts, ranges, shapes.
import { isHostAddress, paramLimits, type ParamSpec } from '#contract';
import type { Rule } from 'antd/es/form';

const UUID = /^[0-9a-f]{32}$/;

function shapeRule(p: ParamSpec): Rule | null {
  const { format } = paramLimits(p);
  const each = (check: (s: string) => boolean, what: string): Rule => ({
    validator: async (_, v: unknown) => {
      const items = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
      const bad = items.find((i) => !check(String(i)));
      if (bad !== undefined) throw new Error(`${p.name}: "${bad}" is not ${what}`);
    },
  });
  if (format === 'uuid') return each((s) => UUID.test(s), 'a uuid (32 lower-case hex digits)');
  if (format === 'host-address') return each(isHostAddress, 'an IP address or a host name');
  return null;
}

export function rulesOf(p: ParamSpec): Rule[] {
  const limits = paramLimits(p);
  const rules: Rule[] = [];
  if (p.required) rules.push({ required: true, message: `${p.name} is required` });
  if (p.values?.length) rules.push({ type: 'enum', enum: [...p.values], message: `${p.name} must be one of ${p.values.join(', ')}` });
  const list = p.type === 'List' || p.type === 'Set';
  if (limits.maxLength !== undefined && !list) rules.push({ max: limits.maxLength, message: `${p.name} is at most ${limits.maxLength} characters` });
  if (limits.maxItems !== undefined && list) rules.push({ type: 'array', max: limits.maxItems, message: `${p.name} has at most ${limits.maxItems} items` });
  if (limits.maxLength !== undefined && list)
    rules.push({
      validator: async (_, v: unknown) => {
        if (Array.isArray(v) && v.some((i) => String(i).length > limits.maxLength!)) throw new Error(`each ${p.name} item is at most ${limits.maxLength} characters`);
      },
    });
  if (limits.min !== undefined || limits.max !== undefined)
    rules.push({ type: 'number', min: limits.min, max: limits.max, message: `${p.name} is between ${limits.min} and ${limits.max}` });
  if (p.type === 'Map')
    rules.push({
      validator: async (_, v: unknown) => {
        if (typeof v === 'string' && v.trim()) JSON.parse(v);
      },
      message: `${p.name} must be a JSON object`,
    });
  const shape = shapeRule(p);
  if (shape) rules.push(shape);
  return rules;
}
