// What an OS update runs, with the package tools replayed from output recorded on Debian 12
// (apt 2.6.1): `apt-mark showhold` with two packages held, and a simulated (`-s`) upgrade.
// Nothing here upgrades the test machine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner, RunOptions } from '../../command-runner.js';
import { PackageManagerOsUpdateDriver } from './os-update-driver.js';
import { choosePackageTool, PACKAGE_NAME, packagesToHold, parseAptShowhold } from './package-tools.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SHOWHOLD = fixture('apt-mark-2.6.1-showhold-two-held-debian12-epyc-vm.txt');
const UPGRADE = fixture('apt-get-2.6.1-upgrade-simulated-debian12-epyc-vm.txt');

/** Answers each program from a table and remembers what ran, with which environment. */
class ReplayRunner implements CommandRunner {
  readonly ran: { argv: string[]; env: Record<string, string> | undefined }[] = [];
  constructor(private readonly answer: (argv: string[]) => Partial<CommandResult>) {}

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    this.ran.push({ argv: [...argv], env: options.env });
    return { argv: [...argv], returnCode: 0, stdout: '', stderr: '', timedOut: false, started: true, ...this.answer([...argv]) };
  }
}

const debianHost = (upgradeCode = 0): ReplayRunner =>
  new ReplayRunner((argv) => {
    if (argv.join(' ') === 'apt-mark showhold') return { stdout: SHOWHOLD };
    if (argv[1] === 'hold' && argv[2] === 'no-such-package') return { returnCode: 100, stderr: 'E: Unable to locate package no-such-package\n' };
    if (argv[0] === 'apt-get') return { stdout: UPGRADE, returnCode: upgradeCode, stderr: upgradeCode ? 'E: dpkg was interrupted\n' : '' };
    return {};
  });

describe('OS update on a Debian host', () => {
  it('holds the excluded packages, upgrades without apt-get update, and releases only what it held', async () => {
    const runner = debianHost();
    const result = await new PackageManagerOsUpdateDriver(runner, (p) => p === 'apt-get').update(['libvirt-clients', 'qemu-system-x86', 'no-such-package']);

    expect(runner.ran.map((r) => r.argv.join(' '))).toEqual([
      'apt-mark showhold',
      // libvirt-clients is held already (recorded showhold): the operator's hold stays
      'apt-mark hold qemu-system-x86',
      'apt-mark hold no-such-package',
      'apt-get -y -o Dpkg::Options::=--force-confold upgrade',
      'apt-mark unhold qemu-system-x86',
    ]);
    expect(runner.ran.find((r) => r.argv[0] === 'apt-get')?.env).toMatchObject({ DEBIAN_FRONTEND: 'noninteractive' });
    // an unknown package cannot be upgraded either: noted in the output, not a failure
    expect(result.returnCode).toBe(0);
    expect(result.stdout).toContain('$ apt-get -y -o Dpkg::Options::=--force-confold upgrade\nReading package lists...');
    expect(result.stderr).toContain('E: Unable to locate package no-such-package');
  });

  it("reports the upgrade's failure and still releases the holds", async () => {
    const runner = debianHost(100);
    const result = await new PackageManagerOsUpdateDriver(runner, (p) => p === 'apt-get').update(['qemu-system-x86']);
    expect(result.returnCode).toBe(100);
    expect(result.stderr).toContain('E: dpkg was interrupted');
    expect(runner.ran.at(-1)?.argv).toEqual(['apt-mark', 'unhold', 'qemu-system-x86']);
  });

  it('does not upgrade when it cannot tell which packages are held', async () => {
    const runner = new ReplayRunner(() => ({ returnCode: 100, stderr: 'E: Could not open lock file\n' }));
    const result = await new PackageManagerOsUpdateDriver(runner, (p) => p === 'apt-get').update(['qemu-system-x86']);
    expect(result.returnCode).toBe(100);
    expect(runner.ran.map((r) => r.argv[0])).toEqual(['apt-mark']);
  });
});

describe('OS update on a yum or dnf host', () => {
  it('runs `yum -y update` with one --exclude a package', async () => {
    const runner = new ReplayRunner(() => ({ stdout: 'Complete!\n' }));
    const result = await new PackageManagerOsUpdateDriver(runner, (p) => p === 'yum' || p === 'dnf').update(['qemu-kvm*', 'libvirt']);
    expect(runner.ran.map((r) => r.argv)).toEqual([['yum', '-y', 'update', '--exclude=qemu-kvm*', '--exclude=libvirt']]);
    expect(result).toMatchObject({ returnCode: 0, stdout: '$ yum -y update --exclude=qemu-kvm* --exclude=libvirt\nComplete!\n' });
  });

  it('fails with HOST.1000 on a host with no package tool', async () => {
    await expect(new PackageManagerOsUpdateDriver(new ReplayRunner(() => ({})), () => false).update([])).rejects.toMatchObject({
      error: { code: 'HOST.1000' },
    });
  });
});

describe('package tool choices', () => {
  it('prefers apt-get, then yum, then dnf', () => {
    expect(choosePackageTool((p) => ['apt-get', 'yum'].includes(p))).toBe('apt-get');
    expect(choosePackageTool((p) => ['yum', 'dnf'].includes(p))).toBe('yum');
    expect(choosePackageTool((p) => p === 'dnf')).toBe('dnf');
  });

  it('reads held packages and holds only the others', () => {
    expect(parseAptShowhold(SHOWHOLD)).toEqual(['libc-bin', 'libvirt-clients']);
    expect(packagesToHold(['libc-bin', 'qemu-kvm', 'qemu-kvm'], ['libc-bin'])).toEqual(['qemu-kvm']);
  });

  it('takes package names with arch qualifiers and globs, and nothing that reads as an option', () => {
    for (const name of ['qemu-system-x86', 'libc6:amd64', 'qemu-kvm*', 'g++-12']) expect(PACKAGE_NAME.test(name)).toBe(true);
    for (const name of ['--allow-downgrades', '-y', 'a b', 'x;rm']) expect(PACKAGE_NAME.test(name)).toBe(false);
  });
});
