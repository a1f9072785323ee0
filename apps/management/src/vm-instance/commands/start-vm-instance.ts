import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { vmInventory } from '../vm-instance.repository.js';
import { VmLifecycle } from '../vm-lifecycle.js';
import { VmRuntime, vmStateOf } from '../vm-runtime.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';

export class StartVmInstanceCommand extends apiCommand('StartVmInstance') {
  static readonly transactional = false;
}

/** Starts a stopped VM on the host its domain and root volume are on, its CPUs and memory
 *  reserved there first; the domain is defined again from the VM's rows (devices attached
 *  or USB redirect switched while it was stopped). */
@CommandHandler(StartVmInstanceCommand)
export class StartVmInstanceHandler implements ICommandHandler<StartVmInstanceCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly runtime: VmRuntime,
  ) {}

  async execute({ job, params }: StartVmInstanceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const vm = await this.lifecycle.inState(uuid, ['Stopped', 'Running'], 'started');
    if (vm.state === 'Running') return { inventory: await vmInventory(this.db.manager, uuid) };
    if (params.hostUuid && params.hostUuid !== vm.lastHostUuid) throw ApiError.operation(`VM ${vm.name} can start only on host ${vm.lastHostUuid}, where its root volume is (migration is not in this release)`);
    const host = await this.lifecycle.connectedHost(vm.lastHostUuid, vm);
    await this.lifecycle.reserveOn(vm, host);
    try {
      await this.runtime.define(host.uuid, await this.runtime.specOf(vm));
      const state = vmStateOf(await this.runtime.start(host.uuid, uuid));
      if (state !== 'Running') throw ApiError.operation(`VM ${vm.name} did not start on host ${host.name}: libvirt says ${state}`);
    } catch (err) {
      await this.lifecycle.stopped(vm);
      throw err;
    }
    await this.lifecycle.setState(uuid, 'Running');
    return { inventory: await vmInventory(this.db.manager, uuid) };
  }
}
