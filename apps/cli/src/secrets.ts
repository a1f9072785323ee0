// Secret parameters (passwords...) never reach the history file, the result history or
// the screen after they are typed: ZStack's CLI blanks `password=` in its history too.
import { type ApiSpec, apiByName, isSecretField } from '#contract';
import { tokenSpans } from './command-line.js';

/** What a secret value is shown as where the CLI prints a command back (`more`). */
export const MASK = '******';

const SECRET_NAME = /passw(or)?d|passphrase|secret|private_?key|token/i;

/** Whether a parameter of an API carries a secret. The one place that decides it: from the
 *  contract's `secret` flag when a parameter has one, else from the name (password,
 *  sshPassword, chapUserPassword, ...Secret...), which also covers unknown or mistyped APIs. */
export function isSecretParameter(api: ApiSpec | undefined, name: string): boolean {
  const spec = api?.params.find((p) => p.name === name) as { secret?: boolean } | undefined;
  if (typeof spec?.secret === 'boolean') return spec.secret;
  return isSecretField(name) || SECRET_NAME.test(name);
}

const keyOf = (word: string) => /^[A-Za-z_][A-Za-z0-9_.]*/.exec(word)?.[0];

/** The line with the value of each secret parameter replaced: by nothing (`password=`,
 *  as ZStack's CLI keeps its history) or by `shown`. Quoted values go whole, and a
 *  quote left open hides the rest of the line. */
export function maskLine(line: string, shown = ''): string {
  const { tokens } = tokenSpans(line);
  const api = tokens.length ? apiByName(tokens[0].text) : undefined;
  let masked = '';
  let at = 0;
  for (const token of tokens.slice(1)) {
    const key = keyOf(token.text);
    if (!key || token.text[key.length] !== '=' || !isSecretParameter(api, key)) continue;
    masked += `${line.slice(at, token.start)}${key}=${shown}`;
    at = token.end;
  }
  return masked + line.slice(at);
}

/** The values of the secret parameters a command carries (to keep them off the screen). */
export function secretValues(apiName: string, args: { key: string; value: string }[]): string[] {
  const api = apiByName(apiName);
  return args.filter((a) => a.value && isSecretParameter(api, a.key)).map((a) => a.value);
}

/** Shorter values are not looked for: masking every "ab" would garble the output. */
const SHORTEST_REDACTED = 4;

/** Text with every occurrence of the given secret values masked. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= SHORTEST_REDACTED).reduce((t, s) => t.split(s).join(MASK), text);
}
