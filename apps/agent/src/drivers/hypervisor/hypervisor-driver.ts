// The hypervisor, as the management node sees it through the agent. One implementation
// (libvirt through virsh); the interface stays small so a test or another hypervisor can
// stand in, as Nova's virt drivers do.
import type { HypervisorInfo } from '#agent-protocol';
import { commandFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { parseVirshList, parseVirshVersion } from './virsh-output.js';

export interface HypervisorDriver {
  info(): Promise<HypervisorInfo>;
}

export class VirshHypervisorDriver implements HypervisorDriver {
  /** @param libvirtUri `qemu:///system` on a KVM host, `test:///default` in tests. */
  constructor(
    private readonly runner: CommandRunner,
    private readonly libvirtUri: string,
  ) {}

  async info(): Promise<HypervisorInfo> {
    const version = await this.virsh('version');
    const list = await this.virsh('list', '--all');
    return { ...parseVirshVersion(version), domains: parseVirshList(list) };
  }

  private async virsh(...args: string[]): Promise<string> {
    const result = await this.runner.run(['virsh', '-c', this.libvirtUri, ...args], { env: { LC_ALL: 'C' } });
    if (result.returnCode !== 0) throw commandFailure(result);
    return result.stdout;
  }
}
