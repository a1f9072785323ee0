// `start`, `stop` and `status`: the agent as a background service on hosts without systemd.
// The deployer runs them over SSH and reads their exit code, stdout and stderr.
import { AGENT_STATUS_NOT_RUNNING, type AgentConfig, type AgentServiceStatus } from '#agent-protocol';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { linesSince, logSize } from '../agent-log.js';
import { sha256OfFile } from '../bundle.js';
import { loadAgentConfig } from '../config.js';
import { isLive } from './processes.js';
import { pingAgent, readPid, removePid, runningSupervisor, signalGroup, stopGroup, supervisorArgv, waitFor, writePid } from './agent-instance.js';

/** How long `start` waits for the agent to answer /ping. */
const START_TIMEOUT_MS = 10_000;
const LOG_LINES_ON_FAILURE = 20;

export interface ServiceOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const printStatus = (out: ServiceOutput, status: AgentServiceStatus): void => out.stdout(`${JSON.stringify(status)}\n`);

/** This bundle, with this config, answering: another version or another secret is not "running". */
async function answersAsThis(config: AgentConfig, agentVersion: string, timeoutMs: number): Promise<boolean> {
  const reply = await pingAgent(config, timeoutMs);
  return reply !== null && reply.hostUuid === config.hostUuid && reply.agentVersion === agentVersion;
}

export async function startService(configPath: string, bundle: string, out: ServiceOutput): Promise<number> {
  const { config, path } = loadAgentConfig(configPath);
  const agentVersion = sha256OfFile(bundle);
  const existing = runningSupervisor(path);
  if (existing !== null) {
    if (await answersAsThis(config, agentVersion, 3_000)) {
      printStatus(out, { running: true, pid: existing });
      return 0;
    }
    // An older bundle, an older secret, or a hung server: this start replaces it.
    await stopGroup(existing);
  }
  removePid(path);

  mkdirSync(dirname(config.logFile), { recursive: true });
  const logOffset = logSize(config.logFile);
  const pid = spawnSupervisor(bundle, path, config.logFile);
  if (pid === undefined) {
    out.stderr(`zstack-agent: cannot start ${process.execPath}\n`);
    return 1;
  }
  writePid(path, pid);

  const up = await waitFor(async () => !isLive(pid) || (await answersAsThis(config, agentVersion, 1_000)), START_TIMEOUT_MS);
  const alive = isLive(pid);
  if (up && alive) {
    printStatus(out, { running: true, pid });
    return 0;
  }
  signalGroup(pid, 'SIGKILL');
  removePid(path);
  const reason = alive ? `did not answer /ping within ${START_TIMEOUT_MS / 1000} s` : 'exited';
  const lines = linesSince(config.logFile, logOffset, LOG_LINES_ON_FAILURE);
  out.stderr(`zstack-agent on ${config.listenAddress}:${config.port} ${reason}; last lines of ${config.logFile}:\n${lines.join('\n')}\n`);
  return 1;
}

/** detached: a new session and process group, which outlives this command and the SSH session
 *  that ran it; the supervisor's pid is the group's id. Its output goes to the agent's log. */
function spawnSupervisor(bundle: string, configPath: string, logFile: string): number | undefined {
  const logFd = openSync(logFile, 'a', 0o600);
  try {
    const supervisor = spawn(process.execPath, supervisorArgv(bundle, configPath), { detached: true, stdio: ['ignore', logFd, logFd], cwd: dirname(configPath) });
    supervisor.on('error', () => undefined); // reported through the missing pid
    supervisor.unref();
    return supervisor.pid;
  } finally {
    closeSync(logFd);
  }
}

/** Needs only the pid file beside agent.json, so a broken config never blocks a stop. */
export async function stopService(configPath: string, out: ServiceOutput): Promise<number> {
  const path = resolve(configPath);
  const pid = runningSupervisor(path);
  if (pid === null) {
    out.stdout(`zstack-agent is not running${readPid(path) !== null ? ' (stale pid file removed)' : ''}\n`);
  } else {
    await stopGroup(pid);
    out.stdout(`zstack-agent stopped (pid ${pid})\n`);
  }
  removePid(path);
  return 0;
}

export async function serviceStatus(configPath: string, out: ServiceOutput): Promise<number> {
  const { config, path } = loadAgentConfig(configPath);
  if ((await pingAgent(config, 2_000)) === null) {
    printStatus(out, { running: false, pid: null });
    return AGENT_STATUS_NOT_RUNNING;
  }
  printStatus(out, { running: true, pid: runningSupervisor(path) });
  return 0;
}
