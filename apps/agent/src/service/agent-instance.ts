// The agent service of one agent.json: its pid file, its process group, its /ping. What
// start, stop and status share.
import { AgentPath, bearer, type AgentConfig, type PingReply } from '#agent-protocol';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { pidFilePath } from '../config.js';
import { commandLineOf, isLive, liveGroupMembers } from './processes.js';

/** The hidden subcommand that `start` runs detached: the supervisor. */
export const SUPERVISE = 'supervise';

export function supervisorArgv(bundle: string, configPath: string): string[] {
  return [bundle, SUPERVISE, '--config', configPath];
}

export function readPid(configPath: string): number | null {
  try {
    const pid = Number(readFileSync(pidFilePath(configPath), 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

export const writePid = (configPath: string, pid: number): void => writeFileSync(pidFilePath(configPath), `${pid}\n`);
export const removePid = (configPath: string): void => rmSync(pidFilePath(configPath), { force: true });

/** The pid file's supervisor if it is alive and really ours: after a reboot the pid may
 *  belong to another program, which must never be signalled. */
export function runningSupervisor(configPath: string): number | null {
  const pid = readPid(configPath);
  if (pid === null || !isLive(pid)) return null;
  const argv = commandLineOf(pid);
  if (argv === null) return pid; // no /proc to tell by: trust the pid file
  return argv.includes(SUPERVISE) && argv.includes(configPath) ? pid : null;
}

/** SIGTERM to the whole group (supervisor and server), SIGKILL to what is left after the grace. */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitFor(() => liveGroupMembers(pgid).length === 0, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitFor(() => liveGroupMembers(pgid).length === 0, 2_000);
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/** The agent's /ping with the config's secret, or null when it does not answer so. */
export async function pingAgent(config: AgentConfig, timeoutMs: number): Promise<PingReply | null> {
  try {
    const response = await fetch(`http://${connectHost(config.listenAddress)}:${config.port}${AgentPath.ping}`, {
      method: 'POST',
      headers: { authorization: bearer(config.secret), 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const reply = (await response.json()) as PingReply;
    return response.ok && reply.success ? reply : null;
  } catch {
    return null;
  }
}

/** A wildcard listen address is reached through loopback. */
function connectHost(listenAddress: string): string {
  if (listenAddress === '0.0.0.0') return '127.0.0.1';
  if (listenAddress === '::') return '[::1]';
  return isIPv6(listenAddress) ? `[${listenAddress}]` : listenAddress;
}

/** Polls `done` every 100 ms until it holds (true) or `timeoutMs` passes (false). */
export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
