// Starts real management node processes for cross-app tests: the built node
// (dist/apps/management/src/main.js, `npm test` builds it first), on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root, whether this runs from test/ (vitest) or dist/test/ (benchmarks). */
function repoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps'))) return dir;
  }
  throw new Error(`no repository root above ${from}`);
}

/** BENCH_NODE_MAIN: another build's node (an older commit's dist), for a benchmark's before and after from one machine. */
const MAIN = process.env.BENCH_NODE_MAIN ?? resolve(repoRoot(import.meta.dirname), 'dist/apps/management/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/** What the node's host check looks for (agent-deployer.ts), read off this machine, whose
 *  test hosts run on it: neither /dev/kvm nor vmx/svm (CI's Firecracker VMs have no nested
 *  virtualisation). */
export function lacksHardwareVirtualisation(): boolean {
  return !existsSync('/dev/kvm') && !/\b(vmx|svm)\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
}

/** ZSTACK_KVM_ALLOW_EMULATION=true on such a machine, whose test hosts the node would
 *  otherwise refuse; their guests then run under QEMU's emulation (TCG). Elsewhere the node
 *  keeps its default and refuses such hosts. */
export function kvmEmulationEnv(): Record<string, string> {
  return lacksHardwareVirtualisation() ? { ZSTACK_KVM_ALLOW_EMULATION: 'true' } : {};
}

export interface RunningNode {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  /** Stops it gracefully (SIGTERM) and waits for the exit. */
  stop(): Promise<void>;
  /** Kills it at once, as a crash would. */
  kill(): Promise<void>;
}

export async function startNode(env: Record<string, string>, port?: number): Promise<RunningNode> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(p), ZSTACK_BIND_ADDRESS: '127.0.0.1', LOG_LEVEL: 'info', ...kvmEmulationEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // A test that dies must not leave a node consuming from the shared broker.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  void exited.then(() => process.off('exit', reap));
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`management node exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`management node did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: p,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A fresh embedded data directory, removed by the returned cleanup. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zstack-data-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A node on the embedded default with a fresh data directory; stop() also removes it. */
export async function startEmbeddedNode(env: Record<string, string> = {}): Promise<RunningNode> {
  const data = tempDataDir();
  const node = await startNode({ ZSTACK_DATA_DIR: data.dir, ...env }).catch((err) => {
    data.cleanup();
    throw err;
  });
  const stop = node.stop;
  return { ...node, stop: () => stop().finally(data.cleanup) };
}

/** Runs the built node to its exit (a start that must fail): its exit code and output. */
export async function runNodeToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: String(await freePort()), ZSTACK_BIND_ADDRESS: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
