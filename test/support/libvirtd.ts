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
  if (!exists('pgrep', ['-x', 'virtlogd'])) execFileSync('virtlogd', ['-d']);
  if (!exists('pgrep', ['-x', 'libvirtd'])) execFileSync('libvirtd', ['-d']);
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
