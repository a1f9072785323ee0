// ansible/prepare-kvm-host.yml against this machine (-i localhost, -c local): a syntax
// check, a whole --check run that must change nothing, and real runs of the parts that can
// be pointed at a temp dir (GRUB_CMDLINE_LINUX in a copy of /etc/default/grub, the agent in a
// temp agent dir under its own supervisor) to see that they do their work once and then
// change nothing.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PLAYBOOK = resolve(import.meta.dirname, '../ansible/prepare-kvm-host.yml');
const run = promisify(execFile);
const HOST_UUID = '0123456789abcdef0123456789abcdef';
const SECRET = 'test-secret-7f3a9c1e5b';
let work: string;

function ensureAnsible(): void {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' });
    return;
  } catch {
    // not installed: Debian's package below
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', 'ansible'], { stdio: 'ignore', env });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', 'ansible'], { stdio: 'ignore', env });
  }
}

/** The apt task in --check needs package lists that know the packages (a fresh machine may have none). */
function ensureAptLists(): void {
  const policy = execFileSync('apt-cache', ['policy', 'qemu-system-x86', 'libvirt-daemon-system'], { encoding: 'utf8' });
  if (/Candidate: \(none\)/.test(policy) || !/Candidate:/.test(policy)) execFileSync('apt-get', ['update'], { stdio: 'ignore' });
}

interface Run {
  code: number;
  out: string;
}

async function playbook(args: string[], vars: Record<string, unknown>): Promise<Run> {
  const extra = JSON.stringify({ zstack_target_hosts: 'localhost', zstack_host_uuid: HOST_UUID, zstack_agent_secret: SECRET, ...vars });
  const argv = ['-i', 'localhost,', '-c', 'local', ...args, '-e', extra, PLAYBOOK];
  const env = {
    ...process.env,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    ANSIBLE_LOCALHOST_WARNING: '0',
    ANSIBLE_PIPELINING: '1',
  };
  try {
    const { stdout, stderr } = await run('ansible-playbook', argv, { env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

/** The recap's counters for localhost. */
function recap(r: Run): Record<string, number> {
  const line = r.out.split('\n').find((l) => /^localhost\s+:/.test(l));
  if (!line) throw new Error(`no recap in:\n${r.out}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

/** What one task printed for localhost: `ok`, `changed`, `skipping`… */
function taskStatus(r: Run, task: string): string | undefined {
  const block = r.out.split(/\n(?=TASK |RUNNING HANDLER )/).find((b) => b.includes(`: ${task}]`));
  return block?.match(/^(ok|changed|skipping|fatal): \[localhost\]/m)?.[1];
}

beforeAll(() => {
  ensureAnsible();
  ensureAptLists();
  work = mkdtempSync(join(tmpdir(), 'ansible-test-'));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// The tests use separate paths under `work`, so they run side by side.
describe.concurrent('prepare-kvm-host.yml', () => {
  it('passes ansible-playbook --syntax-check', async () => {
    const r = await playbook(['--syntax-check'], {});
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('playbook: ');
  });

  it('runs whole in --check against this machine and changes nothing', async () => {
    const agentDir = mkdtempSync(join(work, 'agent-'));
    const bundle = join(work, 'check-bundle.mjs');
    writeFileSync(bundle, '// a stand-in for dist/agent/zstack-agent.mjs\n');
    const vfioConfBefore = existsSync('/etc/modules-load.d/vfio.conf');

    const r = await playbook(['--check'], { zstack_agent_dir: agentDir, zstack_agent_bundle: bundle });

    expect(r.code, r.out).toBe(0);
    expect(recap(r)).toMatchObject({ failed: 0, unreachable: 0 });
    // It got as far as the agent, saying what it would do...
    expect(taskStatus(r, 'Copy the agent bundle'), r.out).toBe('changed');
    expect(taskStatus(r, 'Write agent.json'), r.out).toBe('changed');
    // ...did none of it...
    expect(readdirSync(agentDir)).toEqual([]);
    expect(existsSync('/etc/modules-load.d/vfio.conf')).toBe(vfioConfBefore);
    // ...and never showed the secret.
    expect(r.out).not.toContain(SECRET);
  }, 120_000);

  it('adds the IOMMU arguments to GRUB_CMDLINE_LINUX once, running the grub update only then', async () => {
    const grub = join(work, 'grub');
    const updated = join(work, 'grub-updated');
    writeFileSync(grub, 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="console=ttyS0 iommu=soft"\n');
    const vars = {
      zstack_grub_file: grub,
      zstack_grub_update_commands: [['touch', updated]],
      zstack_iommu_kernel_args: ['intel_iommu=on', 'iommu=pt'],
    };

    const first = await playbook(['--tags', 'grub'], vars);
    expect(first.code, first.out).toBe(0);
    expect(readFileSync(grub, 'utf8')).toBe(
      'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="console=ttyS0 intel_iommu=on iommu=pt"\n',
    );
    expect(existsSync(updated)).toBe(true);

    rmSync(updated);
    const second = await playbook(['--tags', 'grub'], vars);
    expect(second.code, second.out).toBe(0);
    expect(recap(second)).toMatchObject({ changed: 0, failed: 0 });
    expect(existsSync(updated)).toBe(false);
  }, 120_000);

  it('deploys and starts the agent once, and restarts it when its config changes', async () => {
    const agentDir = join(work, 'home/.zstack/agent');
    const bundle = join(work, 'supervised-bundle.mjs');
    // A stand-in for the agent's `start`, `stop` and `status` (0 running, 3 not): a detached
    // process, its pid in agent.pid; `calls` lists the starts and stops.
    writeFileSync(
      bundle,
      `import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const [command, , config] = process.argv.slice(2);
const pidFile = join(dirname(config), 'agent.pid');
if (command === 'status') {
  let alive = existsSync(pidFile);
  try { if (alive) process.kill(Number(readFileSync(pidFile, 'utf8')), 0); } catch { alive = false; }
  process.exit(alive ? 0 : 3);
}
appendFileSync(join(dirname(config), 'calls'), command + '\\n');
if (command === 'start') {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
} else if (command === 'stop') {
  process.kill(Number(readFileSync(pidFile, 'utf8')));
  rmSync(pidFile);
}
`,
    );
    // The supervisor, not systemd, whatever this machine runs: nothing is installed outside the temp dir.
    const vars = {
      zstack_agent_dir: agentDir,
      zstack_agent_bundle: bundle,
      zstack_agent_service_manager: 'supervisor',
      zstack_node_binary: process.execPath,
      zstack_agent_listen_address: '127.0.0.1',
    };
    const calls = (): string[] => readFileSync(join(agentDir, 'calls'), 'utf8').trim().split('\n');
    const pid = (): number => Number(readFileSync(join(agentDir, 'agent.pid'), 'utf8'));

    try {
      const first = await playbook(['--tags', 'agent'], vars);
      expect(first.code, first.out).toBe(0);
      expect(first.out).not.toContain(SECRET);
      expect(statSync(join(agentDir, 'agent.json')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(agentDir, 'agent.json'), 'utf8'))).toEqual({
        hostUuid: HOST_UUID,
        listenAddress: '127.0.0.1',
        port: 7070,
        secret: SECRET,
        libvirtUri: 'qemu:///system',
        logFile: join(agentDir, 'agent.log'),
      });
      expect(readFileSync(join(agentDir, 'zstack-agent.mjs'), 'utf8')).toBe(readFileSync(bundle, 'utf8'));
      expect(calls()).toEqual(['start']);
      const firstPid = pid();

      const second = await playbook(['--tags', 'agent'], vars);
      expect(second.code, second.out).toBe(0);
      expect(recap(second)).toMatchObject({ changed: 0, failed: 0 });
      expect(calls()).toEqual(['start']);
      expect(pid()).toBe(firstPid);

      const third = await playbook(['--tags', 'agent'], { ...vars, zstack_agent_port: 7171 });
      expect(third.code, third.out).toBe(0);
      expect(JSON.parse(readFileSync(join(agentDir, 'agent.json'), 'utf8')).port).toBe(7171);
      expect(calls()).toEqual(['start', 'stop', 'start']);
      expect(pid()).not.toBe(firstPid);
    } finally {
      if (existsSync(join(agentDir, 'agent.pid'))) process.kill(pid());
    }
  }, 120_000);
});
