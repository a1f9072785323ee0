// Host facts: what the management node checks before it takes a host (virtualisation, memory,
// OS) and shows in the host's inventory.
import type { HostFacts } from '#agent-protocol';
import { existsSync } from 'node:fs';
import { readdir, readFile, statfs } from 'node:fs/promises';
import { hostname, release } from 'node:os';
import { hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { cpuVirtualization, iommuEnabled, parseCpuinfo, parseLscpuJson, parseMemTotalBytes, parseOsRelease, type CpuFacts } from './host-facts-parsers.js';

export interface HostFactsDriver {
  facts(): Promise<HostFacts>;
}

export class LinuxHostFactsDriver implements HostFactsDriver {
  /** @param agentDir the folder the agent lives in, whose free space the facts report. */
  constructor(
    private readonly runner: CommandRunner,
    private readonly agentDir: string,
  ) {}

  async facts(): Promise<HostFacts> {
    const [cpu, meminfo, osRelease, cmdline, iommuEntries, disk] = await Promise.all([
      this.cpu(),
      readText('/proc/meminfo'),
      readText('/etc/os-release').catch(() => readText('/usr/lib/os-release')),
      readText('/proc/cmdline').catch(() => ''),
      readdir('/sys/class/iommu').catch(() => [] as string[]),
      statfs(this.agentDir).catch((err: Error) => {
        throw hostOperationFailure(`cannot stat the file system of ${this.agentDir}: ${err.message}`);
      }),
    ]);
    const memoryBytes = parseMemTotalBytes(meminfo);
    if (memoryBytes === null) throw hostOperationFailure('/proc/meminfo has no MemTotal line');
    const os = parseOsRelease(osRelease);
    return {
      hostname: hostname(),
      cpuModelName: cpu.modelName,
      cpuSockets: cpu.sockets,
      cpuCoresPerSocket: cpu.coresPerSocket,
      cpuThreads: cpu.threads,
      cpuVirtualization: cpuVirtualization(cpu.flags),
      kvmDevice: existsSync('/dev/kvm'),
      memoryBytes,
      osDistribution: os.distribution,
      osVersion: os.version,
      osRelease: os.release,
      kernelVersion: release(),
      iommuEnabled: iommuEnabled(iommuEntries, cmdline),
      agentDiskFreeBytes: disk.bavail * disk.bsize,
    };
  }

  /** lscpu knows the topology on more architectures; /proc/cpuinfo serves where it is missing. */
  private async cpu(): Promise<CpuFacts> {
    const lscpu = await this.runner.run(['lscpu', '-J'], { env: { LC_ALL: 'C' } });
    const fromLscpu = lscpu.returnCode === 0 ? parseLscpuJson(lscpu.stdout) : null;
    return fromLscpu ?? parseCpuinfo(await readText('/proc/cpuinfo'));
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw hostOperationFailure(`cannot read ${path}: ${(err as Error).message}`);
  }
}
