// The bundled agent as a deployer leaves it on a host: zstack-agent.mjs and agent.json (0600)
// alone in a folder, started with `start`, probed over HTTP, stopped with `stop`. Everything
// here is real: the esbuild bundle, processes, sockets, /proc, lscpu and virsh against
// libvirt's test driver (test:///default).
import { AgentPath, bearer, type AgentConfig, type ExecReply, type HostFactsReply, type HypervisorInfoReply, type PingReply } from '#agent-protocol';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOnPath } from '../command-runner.js';
import { waitFor } from './agent-instance.js';
import { isLive, liveGroupMembers } from './processes.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'zstack-agent-'));
const bundle = join(dir, 'zstack-agent.mjs');
const configPath = join(dir, 'agent.json');
const pidFile = join(dir, 'agent.pid');
let config: AgentConfig;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundle as the deployer does over SSH: `node zstack-agent.mjs <subcommand> --config F`. */
function agentCommand(subcommand: string, config = configPath): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, subcommand, '--config', config], { cwd: '/' }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function call<T>(path: string, body: unknown = {}, secret: string | null = config.secret): Promise<{ status: number; reply: T }> {
  const headers: Record<string, string> = secret === null ? {} : { authorization: bearer(secret) };
  const response = await fetch(`http://127.0.0.1:${config.port}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, reply: (await response.json()) as T };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function writeConfig(path: string, port: number): AgentConfig {
  const written = { hostUuid: 'b1c9d3e7a2f04c6e8d5b7a9c1e3f5a70', listenAddress: '127.0.0.1', port, secret: `secret-${port}-${Date.now()}`, libvirtUri: 'test:///default', logFile: 'agent.log' };
  writeFileSync(path, JSON.stringify(written), { mode: 0o600 });
  return written;
}

/** The agent server: the member of the supervisor's process group that is not the supervisor. */
const serverPid = (supervisor: number): number | undefined => liveGroupMembers(supervisor).find((pid) => pid !== supervisor);

beforeAll(async () => {
  // virsh from Debian's libvirt-clients; installed here when missing, as a host would have it.
  if (!isOnPath('virsh')) execFileSync('apt-get', ['install', '-y', 'libvirt-clients'], { stdio: 'ignore' });
  // The project's own build script, written into a folder with no node_modules beside it.
  execFileSync('npm', ['run', 'build:agent', '--silent', '--', `--outfile=${bundle}`], { cwd: REPO, stdio: 'ignore' });
  config = writeConfig(configPath, await freePort());
  const started = await agentCommand('start');
  expect(started, started.stderr).toMatchObject({ code: 0 });
}, 60_000);

afterAll(async () => {
  await agentCommand('stop');
  rmSync(dir, { recursive: true, force: true });
});

describe('the agent bundle on a host', () => {
  it('start leaves a supervisor running and its pid in agent.pid, and status reports it', async () => {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isLive(pid)).toBe(true);
    const status = await agentCommand('status');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ running: true, pid });
  });

  it('answers 401 SYS.1006 without the secret or with a wrong one', async () => {
    for (const secret of [null, 'wrong-secret']) {
      const { status, reply } = await call<PingReply>(AgentPath.ping, {}, secret);
      expect(status).toBe(401);
      expect(reply).toMatchObject({ success: false, error: { code: 'SYS.1006' } });
    }
  });

  it('answers /ping with the host uuid and the sha256 of the bundle it runs', async () => {
    const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex');
    const { reply } = await call<PingReply>(AgentPath.ping);
    expect(reply).toMatchObject({ success: true, error: null, hostUuid: config.hostUuid, agentVersion: sha256 });
    expect((await agentCommand('version')).stdout.trim()).toBe(sha256);
  });

  it("reports this machine's facts on /host/facts", async () => {
    const { reply } = await call<HostFactsReply>(AgentPath.hostFacts);
    expect(reply.success).toBe(true);
    const { facts } = reply;
    expect(facts.cpuThreads).toBe(cpus().length);
    expect(Math.abs(facts.memoryBytes - totalmem())).toBeLessThan(totalmem() * 0.01);
    expect(facts).toMatchObject({ hostname: hostname(), kernelVersion: release(), kvmDevice: existsSync('/dev/kvm') });
    expect(facts.cpuSockets * facts.cpuCoresPerSocket).toBeLessThanOrEqual(facts.cpuThreads);
    expect(readFileSync('/etc/os-release', 'utf8')).toContain(`NAME="${facts.osDistribution}"`);
    expect(facts.agentDiskFreeBytes).toBeGreaterThan(0);
  });

  it("lists the test driver's running `test` domain on /hypervisor/info", async () => {
    const { reply } = await call<HypervisorInfoReply>(AgentPath.hypervisorInfo);
    expect(reply).toMatchObject({ success: true, hypervisor: { hypervisorType: 'TEST' } });
    expect(reply.hypervisor.domains).toContainEqual({ name: 'test', state: 'running' });
  });

  it('runs an argv on /exec and returns its code, stdout and stderr', async () => {
    const { reply } = await call<ExecReply>(AgentPath.exec, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(reply).toMatchObject({ success: true, returnCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('answers 404 on a path it does not serve', async () => {
    expect((await call('/no/such/path')).status).toBe(404);
  });

  it('start on a running agent exits 0 and keeps the same supervisor', async () => {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const again = await agentCommand('start');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ running: true, pid });
  });

  it('starts the server again after it is killed with SIGKILL', async () => {
    const supervisor = Number(readFileSync(pidFile, 'utf8'));
    const killed = serverPid(supervisor);
    expect(killed).toBeDefined();
    process.kill(killed!, 'SIGKILL');
    const restarted = await waitFor(async () => {
      const server = serverPid(supervisor);
      return server !== undefined && server !== killed && (await call<PingReply>(AgentPath.ping).then((r) => r.reply.success, () => false));
    }, 8_000);
    expect(restarted).toBe(true);
  });

  it('start after the bundle is replaced restarts the agent on the new bundle', async () => {
    const before = Number(readFileSync(pidFile, 'utf8'));
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n// redeployed\n`);
    const started = await agentCommand('start');
    expect(started.code, started.stderr).toBe(0);
    const after = Number(readFileSync(pidFile, 'utf8'));
    expect(after).not.toBe(before);
    expect(isLive(before)).toBe(false);
    const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex');
    expect((await call<PingReply>(AgentPath.ping)).reply.agentVersion).toBe(sha256);
  });

  it('stop ends the supervisor and the server and removes agent.pid; status then exits 3', async () => {
    const supervisor = Number(readFileSync(pidFile, 'utf8'));
    const server = serverPid(supervisor)!;
    expect((await agentCommand('stop')).code).toBe(0);
    // isLive, not kill(pid, 0) alone: this machine's init does not reap orphans, so the ended
    // supervisor lingers as a zombie that kill(pid, 0) still finds.
    expect(isLive(supervisor)).toBe(false);
    expect(isLive(server)).toBe(false);
    expect(liveGroupMembers(supervisor)).toEqual([]);
    expect(existsSync(pidFile)).toBe(false);
    expect((await agentCommand('status')).code).toBe(3);
    expect((await agentCommand('stop')).code).toBe(0);
  });

  it('start fails with exit 1 and the reason on stderr when the port is taken', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const otherConfig = join(dir, 'port-taken.json');
    writeConfig(otherConfig, (taken.address() as { port: number }).port);
    try {
      const result = await agentCommand('start', otherConfig);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('address is already in use');
      expect(existsSync(pidFile)).toBe(false);
    } finally {
      taken.close();
    }
  });
});
