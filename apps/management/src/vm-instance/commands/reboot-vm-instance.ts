import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../config/config.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { vmInventory } from '../vm-instance.repository.js';
import { VmLifecycle } from '../vm-lifecycle.js';
import { VmRuntime, vmStateOf } from '../vm-runtime.js';

export class RebootVmInstanceCommand extends apiCommand('RebootVmInstance') {
  static readonly transactional = false;
}

/** An ACPI shutdown (the guest destroyed if still up after ZSTACK_VM_STOP_TIMEOUT seconds), then a start; it keeps
 *  its host and the capacity it holds there. */
@CommandHandler(RebootVmInstanceCommand)
export class RebootVmInstanceHandler implements ICommandHandler<RebootVmInstanceCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly runtime: VmRuntime,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {}

  async execute({ job }: RebootVmInstanceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const vm = await this.lifecycle.inState(uuid, ['Running'], 'rebooted');
    const host = await this.lifecycle.connectedHost(vm.hostUuid, vm);
    await this.lifecycle.setState(uuid, 'Rebooting');
    let state: string;
    try {
      state = vmStateOf(await this.runtime.reboot(host.uuid, uuid, this.config.vmGracefulStopMs));
    } catch (err) {
      await this.lifecycle.setState(uuid, 'Unknown');
      throw err;
    }
    if (state !== 'Running') {
      await this.lifecycle.stopped(vm);
      throw ApiError.operation(`VM ${vm.name} did not come back after the reboot: libvirt says ${state}`);
    }
    await this.lifecycle.setState(uuid, 'Running');
    return { inventory: await vmInventory(this.db.manager, uuid) };
  }
}
