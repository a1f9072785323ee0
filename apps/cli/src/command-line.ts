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

/** The shell's own commands, beside the APIs (as ZStack's CLI has them). */
export const BUILT_INS = ['help', 'more', 'save'];

/** A word of the line and where it stands in it (masking rewrites the line in place). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Splits on white space, keeping quoted runs ("a b" or 'a b') together. A quote left
 *  open runs to the end of the line; `unclosed` says so. */
export function tokenSpans(line: string): { tokens: Token[]; unclosed: string | null } {
  const tokens: Token[] = [];
  let current: Token | null = null;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else current!.text += ch;
    } else if (/\s/.test(ch)) {
      if (current) tokens.push({ ...current, end: i });
      current = null;
    } else {
      current ??= { text: '', start: i, end: i };
      if (ch === '"' || ch === "'") quote = ch;
      else current.text += ch;
    }
  }
  if (current) tokens.push({ ...current, end: line.length });
  return { tokens, unclosed: quote };
}

export function tokenize(line: string): string[] {
  const { tokens, unclosed } = tokenSpans(line);
  if (unclosed) throw new CliUsageError(`unclosed quote ${unclosed}`);
  return tokens.map((t) => t.text);
}

/** How one command is run, from flags typed on its line (`--json`, `--no-wait`, `-h`); the
 *  same flags on zstack-cli's own command line set them for a whole session. */
export interface CommandFlags {
  json?: boolean;
  wait?: boolean;
  help?: boolean;
}

/** Takes the flags out of a command's words. No parameter starts with "-". */
export function splitFlags(words: string[]): { words: string[]; flags: CommandFlags } {
  const flags: CommandFlags = {};
  const rest: string[] = [];
  for (const w of words) {
    if (w === '--json') flags.json = true;
    else if (w === '--no-wait') flags.wait = false;
    else if (w === '-h' || w === '--help') flags.help = true;
    else if (w.startsWith('-')) throw new CliUsageError(`unknown option ${w}; options: --json, --no-wait, -h`);
    else rest.push(w);
  }
  return { words: rest, flags };
}

// Longest first, so `!?=` is not read as `!` + `?=`.
export const QUERY_OPERATORS = ['!?=', '!~=', '?=', '~=', '!=', '>=', '<=', '=', '>', '<'];

export function parseArgument(token: string): Argument {
  const key = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(token)?.[0];
  const rest = token.slice(key?.length ?? 0);
  const op = QUERY_OPERATORS.find((o) => rest.startsWith(o));
  // The whole word in the message, never a part: it may be a password typed after a space.
  if (!key || !op) throw new CliUsageError(`"${token}" is not key=value`);
  return { key, op, value: rest.slice(op.length) };
}

export function parseCommandLine(tokens: string[]): CommandLine | null {
  if (!tokens.length) return null;
  return { api: tokens[0], args: tokens.slice(1).map(parseArgument) };
}
