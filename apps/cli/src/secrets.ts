// Secret parameters (passwords...) never reach the history file, the result history or
// the screen after they are typed: ZStack's CLI blanks `password=` in its history too.
import { type ApiSpec, apiByName, isSecretField } from '#contract';
import { type Token, tokenSpans } from './command-line.js';

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

interface SecretWord {
  token: Token;
  /** `password=` for a secret parameter; '' for a loose word right after one (`password= s3cret`). */
  kept: string;
  value: string;
}

/** The words of a line that carry a secret value. */
function secretWords(line: string): SecretWord[] {
  const { tokens } = tokenSpans(line);
  const api = tokens.length ? apiByName(tokens[0].text) : undefined;
  const found: SecretWord[] = [];
  let afterSecret = false;
  for (const token of tokens.slice(1)) {
    const key = keyOf(token.text);
    const isParameter = key !== undefined && token.text[key.length] === '=';
    if (isParameter && isSecretParameter(api, key)) found.push({ token, kept: `${key}=`, value: token.text.slice(key.length + 1) });
    // A space typed after `password=` leaves the secret as a word of its own.
    else if (!isParameter && afterSecret) found.push({ token, kept: '', value: token.text });
    afterSecret = isParameter ? isSecretParameter(api, key) : afterSecret;
  }
  return found;
}

/** The line with the value of each secret parameter replaced: by nothing (`password=`,
 *  as ZStack's CLI keeps its history) or by `shown`. Quoted values go whole, and a
 *  quote left open hides the rest of the line. */
export function maskLine(line: string, shown = ''): string {
  let masked = '';
  let at = 0;
  for (const { token, kept } of secretWords(line)) {
    masked += `${line.slice(at, token.start)}${kept}${shown}`;
    at = token.end;
  }
  return masked + line.slice(at);
}

/** The secret values typed on a line (to keep them off the screen). */
export function typedSecrets(line: string): string[] {
  return secretWords(line)
    .map((w) => w.value)
    .filter(Boolean);
}

/** The values of the secret parameters a command carries, once parsed (a password's digest). */
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
