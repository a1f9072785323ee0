// Runs one command line against the node and prints what came back: the same code for
// the interactive shell and for one-shot use.
import { createHash } from 'node:crypto';
import { apiByName } from '#contract';
import { type ApiClient, type Answer, ServerUnreachable } from './api-client.js';
import { type Argument, BUILT_INS, CliUsageError, parseArgument, splitFlags, tokenize } from './command-line.js';
import { apiHelp, generalHelp } from './help.js';
import { buildRequest } from './request-builder.js';
import { listResults, readResult, recordResult, saveResults } from './result-history.js';
import { MASK, maskLine, redact, secretValues, typedSecrets } from './secrets.js';
import { saveSession } from './session-store.js';

export interface RunOptions {
  json: boolean;
  wait: boolean;
  /** Draw a spinner while a job runs (an interactive terminal). */
  spinner: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Shows a long text a screen at a time (the shell, on a terminal); else it is printed. */
  page?: (text: string) => void;
  /** Keeps each result for `more` and `save` (the shell). */
  keepResults?: boolean;
}

/** Exit statuses of one-shot mode. */
export const EXIT = { OK: 0, API_ERROR: 1, USAGE: 2, UNREACHABLE: 3 } as const;

/** APIs whose `password` ZStack's CLI turns into its sha512 hex digest before sending. */
const PASSWORD_DIGEST_APIS = ['LogInByAccount', 'CreateAccount', 'UpdateAccount'];

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class CommandRunner {
  accountName: string | null = null;

  constructor(
    readonly client: ApiClient,
    private readonly options: RunOptions,
  ) {}

  /** Runs a typed line; answers the exit status it deserves. */
  run(line: string): Promise<number> {
    let tokens: string[];
    try {
      tokens = tokenize(line);
    } catch (err) {
      this.options.err(`error: ${(err as Error).message}`);
      return Promise.resolve(EXIT.USAGE);
    }
    return this.runTokens(tokens, line);
  }

  /** Runs a command already split into words (one-shot mode gets them from the shell). */
  async runTokens(tokens: string[], line = tokens.join(' ')): Promise<number> {
    const typed = typedSecrets(line);
    try {
      const { words, flags } = splitFlags(tokens);
      if (!words.length) return flags.help ? this.builtIn('help', []) : EXIT.OK;
      const [name, ...rest] = words;
      if (BUILT_INS.includes(name)) return this.builtIn(name, rest);
      const api = apiByName(name);
      if (!api) throw new CliUsageError(`unknown command ${name}; press Tab to list them, or type help`);
      if (flags.help) return this.builtIn('help', [name]);
      const args = rest.map(parseArgument);
      const secrets = [...typed, ...secretValues(api.name, args)];
      this.prepareIdentityCall(api.name, args);
      const answer = await this.client.send(buildRequest(api, args));
      const final = answer.status === 202 && (flags.wait ?? this.options.wait) ? await this.waitWithSpinner(answer.body.location) : answer;
      this.afterIdentityCall(api.name, args, final);
      const text = redact(flags.json ?? this.options.json ? JSON.stringify(final.body) : JSON.stringify(final.body, null, 4), [...secrets, ...secretValues(api.name, args)]);
      this.options.out(text);
      const ok = final.status === 200 || final.status === 202;
      if (this.options.keepResults) recordResult({ api: api.name, command: maskLine(line, MASK), ok }, text);
      if (!ok) this.reportError(final);
      return ok ? EXIT.OK : EXIT.API_ERROR;
    } catch (err) {
      if (err instanceof CliUsageError) {
        this.options.err(`error: ${redact(err.message, typed)}`);
        return EXIT.USAGE;
      }
      if (err instanceof ServerUnreachable) {
        this.options.err(`error: ${err.message}`);
        return EXIT.UNREACHABLE;
      }
      throw err;
    }
  }

  /** help [API], more [N], save N [FILE|DIR]. */
  private builtIn(name: string, words: string[]): number {
    const { out } = this.options;
    if (name === 'help' && words.length) {
      const api = apiByName(words[0]);
      if (!api) throw new CliUsageError(`unknown API ${words[0]}; help lists the commands`);
      out(apiHelp(api));
    } else if (name === 'help') out(generalHelp());
    else if (name === 'more' && words.length) {
      const { entry, text } = readResult(words[0]);
      (this.options.page ?? out)(`Command:\n\t${entry.command}\nResult:\n${text}`);
    } else if (name === 'more') (this.options.page ?? out)(listResults());
    else if (name === 'save' && words.length) out(saveResults(words[0], words[1]).join('\n'));
    else throw new CliUsageError('save N [FILE|DIR]: save result N (more lists them)');
    return EXIT.OK;
  }

  /** The password goes as its sha512, as ZStack's CLI sends it to these APIs; LogOut ends this session. */
  private prepareIdentityCall(apiName: string, args: Argument[]): void {
    if (PASSWORD_DIGEST_APIS.includes(apiName)) {
      // UpdateAccount's oldPassword too: the node compares digests.
      for (const a of args) if (a.key === 'password' || a.key === 'oldPassword') a.value = createHash('sha512').update(a.value).digest('hex');
    }
    if (apiName === 'LogOut' && !args.some((a) => a.key === 'sessionUuid') && this.client.sessionUuid) {
      args.push({ key: 'sessionUuid', op: '=', value: this.client.sessionUuid });
    }
  }

  private async waitWithSpinner(location: string): Promise<Answer> {
    let frame = 0;
    const jobUuid = location.split('/').pop();
    const answer = await this.client.waitForJob(location, (progress) => {
      if (!this.options.spinner) return;
      const detail = progress ? ` ${progress.step ?? ''} ${progress.percent ?? ''}%`.trimEnd() : '';
      process.stderr.write(`\r${SPINNER[frame++ % SPINNER.length]} waiting for job ${jobUuid}${detail}\x1b[K`);
    });
    if (this.options.spinner && frame) process.stderr.write('\r\x1b[K');
    return answer;
  }

  private afterIdentityCall(apiName: string, args: { key: string; value: string }[], answer: Answer): void {
    if (apiName === 'LogInByAccount' && answer.status === 200) {
      this.client.sessionUuid = answer.body.inventory.uuid;
      this.accountName = args.find((a) => a.key === 'accountName')?.value ?? null;
      saveSession({ server: this.client.server, sessionUuid: this.client.sessionUuid!, accountName: this.accountName ?? '' });
    }
    if (apiName === 'LogOut' && answer.status === 200) this.endLogin();
  }

  /** Forgets the session, keeping the server (and the account, to name it in the hint). */
  private endLogin(): void {
    this.client.sessionUuid = null;
    saveSession({ server: this.client.server, sessionUuid: null, accountName: this.accountName ?? '' });
    this.accountName = null;
  }

  private reportError(answer: Answer): void {
    if (answer.body?.error?.code !== 'ID.1001') return;
    const account = this.accountName;
    this.endLogin();
    this.options.err(
      `the session is invalid or has expired: log in again to ${this.client.server} with LogInByAccount accountName=${account ?? '...'} password=...`,
    );
  }
}
