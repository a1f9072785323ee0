// Runs one command line against the node and prints what came back: the same code for
// the interactive shell and for one-shot use.
import { createHash } from 'node:crypto';
import { ALL_APIS, apiByName } from '#contract';
import { type ApiClient, type Answer, ServerUnreachable } from './api-client.js';
import { CliUsageError, parseCommandLine, tokenize } from './command-line.js';
import { buildRequest } from './request-builder.js';
import { forgetSession, saveSession } from './session-store.js';

const ACCOUNT_PASSWORD_APIS = new Set(['LogInByAccount', 'CreateAccount', 'UpdateAccount']);

export interface RunOptions {
  json: boolean;
  wait: boolean;
  /** Draw a spinner while a job runs (an interactive terminal). */
  spinner: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit statuses of one-shot mode. */
export const EXIT = { OK: 0, API_ERROR: 1, USAGE: 2, UNREACHABLE: 3 } as const;

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class CommandRunner {
  accountName: string | null = null;

  constructor(
    readonly client: ApiClient,
    private readonly options: RunOptions,
  ) {}

  private print(body: unknown): void {
    this.options.out(this.options.json ? JSON.stringify(body) : JSON.stringify(body, null, 4));
  }

  /** Runs a typed line; answers the exit status it deserves. */
  run(line: string): Promise<number> {
    let tokens: string[];
    try {
      tokens = tokenize(line);
    } catch (err) {
      this.options.err(`error: ${(err as Error).message}`);
      return Promise.resolve(EXIT.USAGE);
    }
    return this.runTokens(tokens);
  }

  /** Runs a command already split into words (one-shot mode gets them from the shell). */
  async runTokens(tokens: string[]): Promise<number> {
    try {
      const command = parseCommandLine(tokens);
      if (!command) return EXIT.OK;
      if (command.api === 'help') return this.help();
      const api = apiByName(command.api);
      if (!api) throw new CliUsageError(`unknown command ${command.api}; press Tab to list them, or type help`);
      const args = command.args;
      // Account passwords travel as their sha512 hex digest, as ZStack's CLI sends them.
      if (ACCOUNT_PASSWORD_APIS.has(api.name)) {
        for (const a of args) if (a.key === 'password' || a.key === 'oldPassword') a.value = createHash('sha512').update(a.value).digest('hex');
      }
      if (api.name === 'LogOut' && !args.some((a) => a.key === 'sessionUuid') && this.client.sessionUuid) {
        args.push({ key: 'sessionUuid', op: '=', value: this.client.sessionUuid });
      }
      const answer = await this.client.send(buildRequest(api, args));
      const final = answer.status === 202 && this.options.wait ? await this.waitWithSpinner(answer.body.location) : answer;
      this.afterIdentityCall(api.name, args, final);
      return this.report(final);
    } catch (err) {
      if (err instanceof CliUsageError) {
        this.options.err(`error: ${err.message}`);
        return EXIT.USAGE;
      }
      if (err instanceof ServerUnreachable) {
        this.options.err(`error: ${err.message}`);
        return EXIT.UNREACHABLE;
      }
      throw err;
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
    if (apiName === 'LogOut' && answer.status === 200) {
      this.client.sessionUuid = null;
      this.accountName = null;
      forgetSession();
    }
  }

  private report(answer: Answer): number {
    this.print(answer.body);
    if (answer.status === 200 || answer.status === 202) return EXIT.OK;
    if (answer.body?.error?.code === 'ID.1001') {
      forgetSession();
      this.client.sessionUuid = null;
      this.options.err('the session is invalid or has expired: log in again with LogInByAccount accountName=... password=...');
    }
    return EXIT.API_ERROR;
  }

  private help(): number {
    this.options.out(
      [
        'Commands are API names with key=value parameters, e.g.',
        '  LogInByAccount accountName=admin password=password',
        '  CreateZone name=zone1 description="first zone"',
        '  QueryHost cluster.zone.name=zone1 status=Connected fields=uuid,name limit=10',
        'Lists are a,b,c; maps are JSON. Press Tab to complete names, parameters, values and query fields.',
        `${ALL_APIS.length} APIs; exit or Ctrl-D to leave.`,
      ].join('\n'),
    );
    return EXIT.OK;
  }
}
