// Reading one field of a command body: a wrong one answers 400 SYS.1007 naming it, before
// anything touches the host.
import { isAbsolute } from 'node:path';
import { AgentOperationError, invalidArgument } from '../agent-errors.js';

export const invalid = (details: string): AgentOperationError => new AgentOperationError(invalidArgument(details), 400);

export function text(body: Record<string, unknown>, field: string, test: (value: string) => boolean, rule: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !test(value)) throw invalid(`${field} ${rule}`);
  return value;
}

export function optionalText(body: Record<string, unknown>, field: string, test: (value: string) => boolean, rule: string): string | undefined {
  return body[field] === undefined ? undefined : text(body, field, test, rule);
}

export const absolutePath = (value: string): boolean => isAbsolute(value) && !value.includes('\0');

/** An integer field with a default and bounds. */
export function integer(body: Record<string, unknown>, field: string, fallback: number, min: number, max: number): number {
  const value = body[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(`${field} must be an integer from ${min} to ${max}`);
  return value;
}
