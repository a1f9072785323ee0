// A real libvirtd with the QEMU driver on this machine, set up as Debian's post-install
// would on a host with systemd (this machine has none; ARCHITECTURE.md): users and groups,
// the log folder, qemu.conf running guests as root without a security driver, then virtlogd
// and libvirtd as daemons. Idempotent: a second call (another test file) finds them running.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensurePackages } from './test-hosts.js';

export const QEMU_SYSTEM_URI = 'qemu:///system';
const QEMU_CONF = '/etc/libvirt/qemu.conf';
const MARKER = '# zstack-ts tests: guests as root, no security driver (no systemd, no apparmor here)';
const LIBVIRTD_CONF = '/etc/libvirt/libvirtd.conf';
/** Members of group libvirt (the test hosts' users, whose agents run VMs) may use qemu:///system, as on Debian with polkit. */
const SOCKET_MARKER = '# zstack-ts tests: group libvirt may manage qemu:///system (no polkit here)';

export async function ensureLibvirtd(): Promise<void> {
  ensurePackages({
    'libvirt-daemon-system': '/usr/sbin/libvirtd',
    'qemu-system-x86': '/usr/bin/qemu-system-x86_64',
    'libvirt-clients': '/usr/bin/virsh',
    'qemu-utils': '/usr/bin/qemu-img',
  });
  for (const group of ['kvm', 'libvirt-qemu']) if (!exists('getent', ['group', group])) execFileSync('groupadd', ['--system', group]);
  if (!exists('id', ['libvirt-qemu'])) execFileSync('useradd', ['--system', '--gid', 'kvm', '--no-create-home', 'libvirt-qemu']);
  mkdirSync('/var/log/libvirt/qemu', { recursive: true });
  if (!readFileSync(QEMU_CONF, 'utf8').includes(MARKER)) appendFileSync(QEMU_CONF, `\n${MARKER}\nuser = "root"\ngroup = "root"\nsecurity_driver = "none"\n`);
  if (!exists('getent', ['group', 'libvirt'])) execFileSync('groupadd', ['--system', 'libvirt']);
  if (!readFileSync(LIBVIRTD_CONF, 'utf8').includes(SOCKET_MARKER)) {
    appendFileSync(LIBVIRTD_CONF, `\n${SOCKET_MARKER}\nunix_sock_group = "libvirt"\nunix_sock_rw_perms = "0770"\nauth_unix_rw = "none"\n`);
    // A libvirtd started before this setting must read it: restarted (its guests keep running).
    if (exists('pgrep', ['-x', 'libvirtd'])) {
      execFileSync('pkill', ['-x', 'libvirtd']);
      for (let i = 0; i < 50 && exists('pgrep', ['-x', 'libvirtd']); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Another test file may start them at the same moment: a start that loses that race is fine.
  if (!exists('pgrep', ['-x', 'virtlogd'])) exists('virtlogd', ['-d']);
  if (!exists('pgrep', ['-x', 'libvirtd'])) exists('libvirtd', ['-d']);
  for (let i = 0; i < 100; i++) {
    if (exists('virsh', ['-c', QEMU_SYSTEM_URI, 'version'])) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('libvirtd did not answer on qemu:///system within 10 s');
}

export const hasKvm = (): boolean => existsSync('/dev/kvm');

function exists(program: string, args: string[]): boolean {
  try {
    execFileSync(program, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** virsh on the system libvirtd, as an operator at the host's console runs it. */
export const virsh = (...args: string[]): string => execFileSync('virsh', ['-c', QEMU_SYSTEM_URI, ...args], { encoding: 'utf8' });

/** The names of the domains (running ones, or with `all` every defined one). */
export const domains = (all = false): string[] =>
  virsh('list', '--name', ...(all ? ['--all'] : []))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Destroys and undefines the VMs (ZStack uuids as names) whose disks are under one of
 *  `folders`: a test file's own, leaving other files' VMs alone. */
export function removeDomainsUnder(folders: string[]): void {
  for (const name of domains(true).filter((d) => /^[0-9a-f]{32}$/.test(d))) {
    if (!folders.some((f) => virsh('dumpxml', name).includes(f))) continue;
    try {
      virsh('destroy', name);
    } catch {
      // not running
    }
    virsh('undefine', name);
  }
}
