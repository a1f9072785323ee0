// The hypervisor, as the management node sees it through the agent. One implementation
// (libvirt through virsh); the interface stays small so a test or another hypervisor can
// stand in, as Nova's virt drivers do.
import type { HypervisorInfo } from '#agent-protocol';
import type { CommandRunner } from '../../command-runner.js';
import { Virsh } from './virsh.js';
import { parseVirshList, parseVirshVersion } from './virsh-output.js';

export interface HypervisorDriver {
  info(): Promise<HypervisorInfo>;
}

export class VirshHypervisorDriver implements HypervisorDriver {
  private readonly virsh: Virsh;

  /** @param libvirtUri `qemu:///system` on a KVM host, `test:///default` in tests. */
  constructor(runner: CommandRunner, libvirtUri: string) {
    this.virsh = new Virsh(runner, libvirtUri);
  }

  async info(): Promise<HypervisorInfo> {
    const version = await this.virsh.output('version');
    const list = await this.virsh.output('list', '--all');
    return { ...parseVirshVersion(version), domains: parseVirshList(list) };
  }
}
