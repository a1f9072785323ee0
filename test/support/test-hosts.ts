// Test "hosts" for AddKVMHost: a real sshd per host on its own loopback address
// (127.a.b.c; the whole of 127/8 is local), each with its own Unix user and password, so
// the management node really connects, uploads and starts agents over SSH. The agent of
// each host then listens on that host's address. Installs what it needs (openssh-server,
// libvirt-clients) on a fresh machine.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function ensurePackages(packages: Record<string, string>): void {
  const missing = Object.entries(packages).filter(([, binary]) => !existsSync(binary)).map(([pkg]) => pkg);
  if (!missing.length) return;
  const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: 'pipe' });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'pipe' });
    install();
  }
}

export interface TestHost {
  ip: string;
  sshPort: number;
  username: string;
  password: string;
  home: string;
  /** The agent's folder on this host, once deployed. */
  agentDir: string;
  /** Runs a command on the host as its user, outside the management node (what an operator at the console would do). */
  asUser(argv: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Pids of the host user's agent processes (the supervisor and the agent). */
  processes(): Promise<number[]>;
  /** Stops the host's sshd only (the user and its files stay): its address and port are free again. */
  stopSshd(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestHostOptions {
  /** A host whose PATH has no Node.js: its user's sessions get a PATH of a few tools only. */
  withoutNode?: boolean;
  /** Folders put first on the PATH of the user's sessions (and so of its agent). */
  pathFirst?: string[];
  /** Programs the user may run as root through `sudo -n` (a sudoers.d file, removed on stop):
   *  a host added with a sudoer rather than root, as for LVM. */
  sudo?: string[];
  /** Groups the user joins (its sessions and agent get them), e.g. `libvirt` for qemu:///system. */
  groups?: string[];
  /** A folder this host has to itself under a path other hosts use too (a second host's local
   *  storage at the same url): its sshd, and so its sessions and agent, run in a mount
   *  namespace where `ownDirectory.path` is `ownDirectory.backing` bound over it. */
  ownDirectory?: { path: string; backing: string };
}

let sequence = 0;

/** A random loopback address per test file run, so files in parallel never share one. */
export function loopbackAddress(): string {
  const b = randomBytes(3);
  return `127.${1 + (b[0] % 250)}.${b[1]}.${1 + (b[2] % 250)}`;
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  ensurePackages({ 'openssh-server': '/usr/sbin/sshd', 'libvirt-clients': '/usr/bin/virsh' });
  const ip = loopbackAddress();
  const sshPort = 2200 + (process.pid % 500) + ++sequence;
  const username = `zst${process.pid % 100000}x${sequence}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const home = `/home/${username}`;
  execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', ...(options.groups?.length ? ['--groups', options.groups.join(',')] : []), username], { stdio: 'pipe' });
  execFileSync('chpasswd', [], { input: `${username}:${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  const dir = mkdtempSync(join(tmpdir(), 'zstack-sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const lines = [
    `ListenAddress ${ip}:${sshPort}`,
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin no',
    `AllowUsers ${username}`,
    'Subsystem sftp internal-sftp',
  ];
  let path: string | null = options.pathFirst ? [...options.pathFirst, '/usr/local/bin', '/usr/bin', '/bin'].join(':') : null;
  if (options.withoutNode) {
    // The host's PATH has the shell tools the deployer's check uses, and no node.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['sh', 'bash', 'id', 'df', 'awk', 'grep', 'mkdir', 'rm', 'rmdir', 'true', 'cat', 'test', 'ls']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    chmodSync(dir, 0o755);
    path = bin;
  }
  if (path) {
    lines.push('PermitUserEnvironment PATH');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'environment'), `PATH=${path}\n`);
    execFileSync('chown', ['-R', `${username}:${username}`, join(home, '.ssh')]);
  }
  const sudoers = `/etc/sudoers.d/${username}`;
  if (options.sudo?.length) {
    ensurePackages({ sudo: '/usr/bin/sudo' });
    writeFileSync(sudoers, `${username} ALL=(root) NOPASSWD: ${options.sudo.join(', ')}\n`, { mode: 0o440 });
  }
  writeFileSync(join(dir, 'sshd_config'), `${lines.join('\n')}\n`);
  const sshdArgv = ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')];
  const own = options.ownDirectory;
  // unshare execs sh, which execs sshd: one pid throughout, the namespace's holder.
  const sshd: ChildProcess = own
    ? spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" "$2" && shift 2 && exec "$@"', 'sh', own.backing, own.path, ...sshdArgv], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(sshdArgv[0], sshdArgv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr!.on('data', (d) => (log += d));
  const reap = () => sshd.kill('SIGKILL');
  process.once('exit', reap);
  const sshdExited = new Promise<void>((r) => sshd.once('exit', () => r()));
  await waitForPort(ip, sshPort, () => log);

  const host: TestHost = {
    ip,
    sshPort,
    username,
    password,
    home,
    agentDir: `${home}/.zstack/agent`,
    asUser: (argv) => (own ? run('nsenter', ['-t', String(sshd.pid), '-m', 'runuser', '-u', username, '--', ...argv], { cwd: '/' }) : run('runuser', ['-u', username, '--', ...argv], { cwd: '/' })),
    processes: async () => {
      const out = await run('pgrep', ['-u', username, '-f', 'zstack-agent']).catch(() => ({ stdout: '' }));
      return out.stdout.split('\n').filter(Boolean).map(Number);
    },
    stopSshd: async () => {
      if (sshd.exitCode === null && sshd.signalCode === null) sshd.kill('SIGTERM');
      await sshdExited;
    },
    stop: async () => {
      process.off('exit', reap);
      sshd.kill('SIGTERM');
      const all = await run('pgrep', ['-u', username]).catch(() => ({ stdout: '' }));
      for (const pid of all.stdout.split('\n').filter(Boolean).map(Number)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      await run('userdel', ['--remove', username]).catch(() => undefined);
      rmSync(sudoers, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return host;
}

async function waitForPort(ip: string, port: number, log: () => string): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ host: ip, port }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`sshd on ${ip}:${port} did not start:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
