// The supervisor `start` leaves behind where there is no systemd: it runs the agent server as
// its child and starts it again when it dies, waiting 1 s, 2 s, 4 s... up to 10 s between
// tries so a crash loop does not spin. It leads its own process group, so `stop` ends both.
import { spawn, type ChildProcess } from 'node:child_process';
import { AgentLog } from '../agent-log.js';
import { loadAgentConfig } from '../config.js';
import { EXIT_CANNOT_START } from '../run-agent.js';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 10_000;
/** A server that ran this long was healthy: its next crash starts the backoff afresh. */
const STABLE_AFTER_MS = 60_000;

export async function supervise(configPath: string, bundle: string): Promise<number> {
  const { config } = loadAgentConfig(configPath);
  const log = new AgentLog(config.logFile, [config.secret]);
  let child: ChildProcess | null = null;
  let stopRequested!: () => void;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    log.write('supervisor-stopping', { signal });
    child?.kill('SIGTERM');
    stopRequested();
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

  log.write('supervisor-started', { bundle, config: configPath });
  let delay = FIRST_DELAY_MS;
  for (let run = 1; !stopping; run++) {
    const startedAt = Date.now();
    child = spawn(process.execPath, [bundle, 'run', '--config', configPath], { stdio: 'inherit' });
    log.write('agent-started', { agentPid: child.pid ?? null, run });
    const [code, signal] = await exitOf(child);
    child = null;
    log.write('agent-exited', { code, signal, run });
    if (stopping) break;
    // A first run that cannot start (bad config, address not of this host) will not mend
    // itself: give up, so `start` fails at once with the reason in the log.
    if (run === 1 && code === EXIT_CANNOT_START) return code;
    if (Date.now() - startedAt > STABLE_AFTER_MS) delay = FIRST_DELAY_MS;
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, delay))]);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
  return 0;
}

function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve) => {
    // `on`: a child can emit 'error' more than once (spawn, then kill), and a second one with no listener would end the supervisor.
    child.on('error', () => resolve([null, null]));
    child.once('exit', (code, signal) => resolve([code, signal]));
  });
}
