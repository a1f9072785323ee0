// Reading what the operator typed: `ApiName key=value key="a value" field>=3 ...`.

export interface Argument {
  key: string;
  /** `=` for parameters; any query operator for query conditions. */
  op: string;
  value: string;
}

export interface CommandLine {
  api: string;
  args: Argument[];
}

export class CliUsageError extends Error {}

/** Splits on white space, keeping quoted runs ("a b" or 'a b') together. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inToken = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) throw new CliUsageError(`unclosed quote ${quote}`);
  if (inToken) tokens.push(current);
  return tokens;
}

// Longest first, so `!?=` is not read as `!` + `?=`.
export const QUERY_OPERATORS = ['!?=', '!~=', '?=', '~=', '!=', '>=', '<=', '=', '>', '<'];

export function parseArgument(token: string): Argument {
  const key = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(token)?.[0];
  if (!key) throw new CliUsageError(`"${token}" is not key=value`);
  const rest = token.slice(key.length);
  const op = QUERY_OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw new CliUsageError(`"${token}" has no = after ${key}`);
  return { key, op, value: rest.slice(op.length) };
}

export function parseCommandLine(tokens: string[]): CommandLine | null {
  if (!tokens.length) return null;
  return { api: tokens[0], args: tokens.slice(1).map(parseArgument) };
}
