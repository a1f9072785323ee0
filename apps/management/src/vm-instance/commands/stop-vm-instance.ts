import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../config/config.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { vmInventory } from '../vm-instance.repository.js';
import { VmLifecycle } from '../vm-lifecycle.js';
import { VmRuntime } from '../vm-runtime.js';

export class StopVmInstanceCommand extends apiCommand('StopVmInstance') {
  static readonly transactional = false;
}

/** grace: an ACPI shutdown, the guest destroyed if still up after ZSTACK_VM_STOP_TIMEOUT seconds; cold: at once.
 *  The host's CPUs and memory are given back. */
@CommandHandler(StopVmInstanceCommand)
export class StopVmInstanceHandler implements ICommandHandler<StopVmInstanceCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly runtime: VmRuntime,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {}

  async execute({ job, params }: StopVmInstanceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const vm = await this.lifecycle.inState(uuid, ['Running', 'Paused', 'Unknown', 'Stopped'], 'stopped');
    if (vm.state === 'Stopped') return { inventory: await vmInventory(this.db.manager, uuid) };
    const host = await this.lifecycle.connectedHost(vm.hostUuid ?? vm.lastHostUuid, vm);
    await this.lifecycle.setState(uuid, 'Stopping');
    try {
      await this.runtime.stop(host.uuid, uuid, params.type === 'cold' ? 0 : this.config.vmGracefulStopMs);
    } catch (err) {
      await this.lifecycle.setState(uuid, vm.state);
      throw err;
    }
    await this.lifecycle.stopped(vm);
    return { inventory: await vmInventory(this.db.manager, uuid) };
  }
}
