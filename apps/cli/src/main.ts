#!/usr/bin/env node
// zstack-cli: `zstack-cli` for the interactive shell, `zstack-cli ApiName key=value ...`
// for one command (scripts). Options: -s host:port or -H host -p port, --json, --no-wait.
import { ApiClient } from './api-client.js';
import { CommandRunner, EXIT } from './command-runner.js';
import { type CommandFlags, splitFlags } from './command-line.js';
import { type CliOptions, DEFAULT_SERVER, parseOptions } from './options.js';
import { runPager } from './pager.js';
import { runShell } from './shell.js';
import { loadSession } from './session-store.js';

async function main(): Promise<number> {
  let options: CliOptions;
  let flags: CommandFlags;
  let words: string[];
  try {
    options = parseOptions(process.argv.slice(2));
    ({ flags, words } = splitFlags(options.words));
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return EXIT.USAGE;
  }
  const stored = loadSession();
  const server = options.server ?? stored?.server ?? process.env.ZSTACK_CLI_SERVER ?? `${DEFAULT_SERVER.host}:${DEFAULT_SERVER.port}`;
  const client = new ApiClient(server, stored && stored.server === server ? stored.sessionUuid : null);
  const interactive = words.length === 0 && !flags.help;
  const runner = new CommandRunner(client, {
    json: flags.json ?? false,
    wait: flags.wait ?? true,
    spinner: interactive && Boolean(process.stderr.isTTY),
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    page: interactive && process.stdout.isTTY ? (text) => runPager(text) || console.log(text) : undefined,
    keepResults: interactive,
  });
  runner.accountName = client.sessionUuid ? (stored?.accountName ?? null) : null;
  if (!interactive) return runner.runTokens(options.words);
  await runShell(runner);
  return EXIT.OK;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(EXIT.UNREACHABLE);
  },
);
