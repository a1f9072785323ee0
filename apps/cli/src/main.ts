#!/usr/bin/env node
// zstack-cli: `zstack-cli` for the interactive shell, `zstack-cli ApiName key=value ...`
// for one command (scripts). Options: -s host:port, --json, --no-wait.
import { ApiClient } from './api-client.js';
import { CommandRunner, EXIT } from './command-runner.js';
import { runShell } from './shell.js';
import { loadSession } from './session-store.js';

interface Options {
  server: string | null;
  json: boolean;
  wait: boolean;
  command: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { server: null, json: false, wait: true, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // Options may come before or after the command: no parameter starts with "-".
    if (a === '-s' || a === '--server') options.server = argv[++i] ?? null;
    else if (a === '--json') options.json = true;
    else if (a === '--no-wait') options.wait = false;
    else if (a === '-h' || a === '--help') options.command.push('help');
    else options.command.push(a);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const stored = loadSession();
  const server = options.server ?? stored?.server ?? process.env.ZSTACK_CLI_SERVER ?? 'localhost:8080';
  const client = new ApiClient(server, stored && stored.server === server ? stored.sessionUuid : null);
  const interactive = options.command.length === 0;
  const runner = new CommandRunner(client, {
    json: options.json,
    wait: options.wait,
    spinner: interactive && Boolean(process.stderr.isTTY),
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  });
  runner.accountName = client.sessionUuid ? (stored?.accountName ?? null) : null;
  if (!interactive) return runner.runTokens(options.command);
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
