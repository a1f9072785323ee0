// zstack-agent: `node zstack-agent.mjs <subcommand> [--config <agent.json>]`. The deployer runs
// only these fixed argument lists over SSH; see docs/agent.md.
import { AgentSubcommand } from '#agent-protocol';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256OfFile } from './bundle.js';
import { AgentConfigError, defaultConfigPath } from './config.js';
import { EXIT_CANNOT_START, runAgent } from './run-agent.js';
import { SUPERVISE } from './service/agent-instance.js';
import { serviceStatus, startService, stopService, type ServiceOutput } from './service/service-control.js';
import { supervise } from './service/supervisor.js';

/** Bundled, this is the bundle itself: what `version` hashes and what the supervisor runs. */
const BUNDLE = fileURLToPath(import.meta.url);
const USAGE = `usage: node ${BUNDLE} <${Object.values(AgentSubcommand).join('|')}> [--config <agent.json>]\n`;
/** Wrong usage, as getopt-style tools exit. */
const EXIT_USAGE = 2;

/** Where the service subcommands speak: the deployer reads both over SSH. */
const terminal: ServiceOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

async function main(args: string[]): Promise<number> {
  const [subcommand, ...options] = args;
  const configAt = options.indexOf('--config');
  if (configAt >= 0 && options[configAt + 1] === undefined) {
    process.stderr.write(USAGE);
    return EXIT_USAGE;
  }
  const configPath = resolve(configAt >= 0 ? options[configAt + 1] : defaultConfigPath(BUNDLE));
  switch (subcommand) {
    case AgentSubcommand.run:
      return runAgent(configPath, BUNDLE);
    case AgentSubcommand.start:
      return startService(configPath, BUNDLE, terminal);
    case AgentSubcommand.stop:
      return stopService(configPath, terminal);
    case AgentSubcommand.status:
      return serviceStatus(configPath, terminal);
    case AgentSubcommand.version:
      process.stdout.write(`${sha256OfFile(BUNDLE)}\n`);
      return 0;
    case SUPERVISE:
      return supervise(configPath, BUNDLE);
    default:
      process.stderr.write(USAGE);
      return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  // exit() rather than waiting for the event loop: fetch keeps idle connections open a while.
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AgentConfigError) {
      process.stderr.write(`zstack-agent: ${err.message}\n`);
      process.exit(EXIT_CANNOT_START);
    }
    process.stderr.write(`zstack-agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
