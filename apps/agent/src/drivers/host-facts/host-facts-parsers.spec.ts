// Recorded on the test machine (Debian 12 in a Firecracker VM, AMD EPYC, 2 vCPUs, no VT flag
// shown to the guest, no IOMMU): /proc/cpuinfo, `lscpu -J` (util-linux 2.38.1), /proc/meminfo,
// /etc/os-release and /proc/cmdline. Lines marked "written for this test" are not recorded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuVirtualization, iommuEnabled, parseCpuinfo, parseLscpuJson, parseMemTotalBytes, parseOsRelease } from './host-facts-parsers.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const MACHINE = 'debian12-epyc-vm';

describe('host facts parsers, on output recorded from a Debian 12 VM', () => {
  it('reads the CPU model, topology and flags from lscpu -J', () => {
    const cpu = parseLscpuJson(fixture(`lscpu-2.38.1-${MACHINE}.json`));
    expect(cpu).toMatchObject({ modelName: 'AMD EPYC', sockets: 1, coresPerSocket: 2, threads: 2 });
    expect(cpu?.flags).toContain('sse4_2');
  });

  it('reads the same from /proc/cpuinfo, for hosts without lscpu', () => {
    const cpu = parseCpuinfo(fixture(`proc-cpuinfo-linux-6.18-${MACHINE}.txt`));
    expect(cpu).toMatchObject({ modelName: 'AMD EPYC', sockets: 1, coresPerSocket: 2, threads: 2 });
    expect(cpu.flags).toEqual(parseLscpuJson(fixture(`lscpu-2.38.1-${MACHINE}.json`))?.flags);
  });

  it('reports no CPU virtualisation when the guest CPU shows neither vmx nor svm', () => {
    expect(cpuVirtualization(parseCpuinfo(fixture(`proc-cpuinfo-linux-6.18-${MACHINE}.txt`)).flags)).toBeNull();
    // written for this test: the flags of Intel and AMD hosts with VT enabled
    expect(cpuVirtualization(['fpu', 'vmx', 'sse'])).toBe('vmx');
    expect(cpuVirtualization(['fpu', 'svm'])).toBe('svm');
  });

  it('counts sockets by physical id on a two-socket host', () => {
    // written for this test: the lines that matter of a 2-socket, 1-core-per-socket cpuinfo
    const twoSockets = [0, 1].map((n) => `processor\t: ${n}\nmodel name\t: Xeon\nphysical id\t: ${n}\ncpu cores\t: 1\nflags\t\t: vmx\n`).join('\n');
    expect(parseCpuinfo(twoSockets)).toMatchObject({ sockets: 2, coresPerSocket: 1, threads: 2, modelName: 'Xeon' });
  });

  it('finds nothing usable in output that is not lscpu JSON', () => {
    expect(parseLscpuJson('lscpu: unknown option -- J')).toBeNull();
    expect(parseLscpuJson('{"lscpu":[]}')).toBeNull();
  });

  it('reads total memory in bytes from MemTotal (kB)', () => {
    expect(parseMemTotalBytes(fixture(`proc-meminfo-linux-6.18-${MACHINE}.txt`))).toBe(24683656 * 1024);
    expect(parseMemTotalBytes('MemFree: 1 kB\n')).toBeNull();
  });

  it('reads the distribution, version and release name from os-release', () => {
    expect(parseOsRelease(fixture(`os-release-${MACHINE}.txt`))).toEqual({ distribution: 'Debian GNU/Linux', version: '12', release: 'bookworm' });
    // written for this test: CentOS 7's os-release has no VERSION_CODENAME
    expect(parseOsRelease('NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nVERSION_ID="7"\n')).toEqual({
      distribution: 'CentOS Linux',
      version: '7',
      release: 'Core',
    });
  });

  it('sees IOMMU off on a host with no /sys/class/iommu entries and no IOMMU kernel argument', () => {
    const cmdline = fixture(`proc-cmdline-linux-6.18-${MACHINE}.txt`);
    expect(iommuEnabled([], cmdline)).toBe(false);
    expect(iommuEnabled(['dmar0'], cmdline)).toBe(true);
    expect(iommuEnabled([], `${cmdline.trim()} intel_iommu=on`)).toBe(true);
    expect(iommuEnabled([], 'ro amd_iommu=on')).toBe(true);
    expect(iommuEnabled([], 'ro iommu=pt')).toBe(true);
    expect(iommuEnabled([], 'ro intel_iommu=off')).toBe(false);
  });
});
