// Virtual machines through libvirt: define a domain from its spec, start, stop (graceful, then
// destroy at a deadline), reboot, undefine, state, definition, and hostdevs attached/detached.
// Every call is a virsh argument array; a domain is named by the VM's uuid.
import type { VmHostdev, VmSpec, VmState } from '#agent-protocol';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandFailure, hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { isNoSuchDomain, Virsh } from '../hypervisor/virsh.js';
import { domainXml, hostdevXml, type DomainType } from './domain-xml.js';

export const ABSENT = 'absent';
/** States in which a domain has a running (or frozen) QEMU process to end. */
const ACTIVE = ['running', 'paused', 'idle', 'in shutdown', 'pmsuspended', 'blocked'];

export interface VmDriver {
  define(spec: VmSpec): Promise<VmState>;
  start(vmUuid: string): Promise<VmState>;
  /** ACPI shutdown; destroyed when still up after `timeoutMs`. */
  stop(vmUuid: string, timeoutMs: number): Promise<{ vm: VmState; forced: boolean }>;
  reboot(vmUuid: string, timeoutMs: number): Promise<VmState>;
  /** Destroys a running domain first; a domain libvirt does not know is already gone. */
  undefine(vmUuid: string): Promise<VmState>;
  state(vmUuid: string): Promise<VmState>;
  xml(vmUuid: string): Promise<string>;
  /** Into the running guest (when it runs) and its persistent definition. */
  attachHostdev(vmUuid: string, hostdev: VmHostdev): Promise<VmState>;
  detachHostdev(vmUuid: string, hostdev: VmHostdev): Promise<VmState>;
}

/** kvm with /dev/kvm, plain emulation without; the test driver wants its own type. */
export function domainTypeFor(libvirtUri: string, kvmDevice = existsSync('/dev/kvm')): DomainType {
  if (libvirtUri.startsWith('test:')) return 'test';
  return kvmDevice ? 'kvm' : 'qemu';
}

export class VirshVmDriver implements VmDriver {
  private readonly virsh: Virsh;

  constructor(
    runner: CommandRunner,
    libvirtUri: string,
    private readonly domainType: DomainType = domainTypeFor(libvirtUri),
    /** How often stop looks whether the guest is down. */
    private readonly pollMs = 250,
  ) {
    this.virsh = new Virsh(runner, libvirtUri);
  }

  async define(spec: VmSpec): Promise<VmState> {
    await this.withXmlFile(domainXml(spec, this.domainType), (file) => this.virsh.output('define', file));
    return this.state(spec.vmUuid);
  }

  async start(vmUuid: string): Promise<VmState> {
    const before = await this.state(vmUuid);
    // Starting a running domain is an error in virsh; for the caller it is already done.
    if (!ACTIVE.includes(before.state)) await this.virsh.output('start', vmUuid);
    return this.state(vmUuid);
  }

  async stop(vmUuid: string, timeoutMs: number): Promise<{ vm: VmState; forced: boolean }> {
    let vm = await this.state(vmUuid);
    if (!ACTIVE.includes(vm.state)) return { vm, forced: false };
    const shutdown = await this.virsh.run('shutdown', vmUuid);
    const deadline = Date.now() + timeoutMs;
    while (shutdown.returnCode === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, this.pollMs));
      vm = await this.state(vmUuid);
      if (!ACTIVE.includes(vm.state)) return { vm, forced: false };
    }
    await this.destroy(vmUuid);
    return { vm: await this.state(vmUuid), forced: true };
  }

  /** Stop and start rather than `virsh reboot`: a guest that ignores ACPI still comes back. */
  async reboot(vmUuid: string, timeoutMs: number): Promise<VmState> {
    await this.stop(vmUuid, timeoutMs);
    return this.start(vmUuid);
  }

  async undefine(vmUuid: string): Promise<VmState> {
    const vm = await this.state(vmUuid);
    if (vm.state === ABSENT) return vm;
    if (ACTIVE.includes(vm.state)) await this.destroy(vmUuid);
    const result = await this.virsh.run('undefine', vmUuid);
    if (result.returnCode !== 0 && !isNoSuchDomain(result)) throw commandFailure(result);
    return this.state(vmUuid);
  }

  async state(vmUuid: string): Promise<VmState> {
    const result = await this.virsh.run('domstate', vmUuid);
    if (isNoSuchDomain(result)) return { vmUuid, state: ABSENT };
    if (result.returnCode !== 0) throw commandFailure(result);
    return { vmUuid, state: result.stdout.trim().split('\n')[0].trim() };
  }

  xml(vmUuid: string): Promise<string> {
    return this.virsh.output('dumpxml', '--inactive', vmUuid);
  }

  attachHostdev(vmUuid: string, hostdev: VmHostdev): Promise<VmState> {
    return this.changeHostdev('attach-device', vmUuid, hostdev);
  }

  detachHostdev(vmUuid: string, hostdev: VmHostdev): Promise<VmState> {
    return this.changeHostdev('detach-device', vmUuid, hostdev);
  }

  private async changeHostdev(verb: 'attach-device' | 'detach-device', vmUuid: string, hostdev: VmHostdev): Promise<VmState> {
    const vm = await this.state(vmUuid);
    if (vm.state === ABSENT) throw hostOperationFailure(`libvirt knows no domain ${vmUuid} on this host`);
    // A running guest changes now and for its next start; a stopped one only in its definition.
    const scope = ACTIVE.includes(vm.state) ? ['--live', '--config'] : ['--config'];
    await this.withXmlFile(hostdevXml(hostdev), (file) => this.virsh.output(verb, vmUuid, file, ...scope));
    return this.state(vmUuid);
  }

  private async destroy(vmUuid: string): Promise<void> {
    const result = await this.virsh.run('destroy', vmUuid);
    // It may have gone down by itself between the last look and now.
    if (result.returnCode !== 0 && ACTIVE.includes((await this.state(vmUuid)).state)) throw commandFailure(result);
  }

  /** virsh reads definitions from files: a private folder, removed whatever happens. */
  private async withXmlFile<T>(xml: string, use: (file: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'zstack-agent-xml-'));
    try {
      const file = join(dir, 'device.xml');
      await writeFile(file, xml, { mode: 0o600 });
      return await use(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
