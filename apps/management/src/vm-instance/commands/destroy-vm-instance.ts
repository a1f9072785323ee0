import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostEntity } from '../../host/host.entity.js';
import { logger } from '../../logging/logger.js';
import { freeDevicesOf } from '../vm-devices.js';
import { VmInstanceEntity } from '../vm-instance.entity.js';
import { VmLifecycle } from '../vm-lifecycle.js';
import { VmRuntime } from '../vm-runtime.js';
import { VOLUME_MIGRATING } from '../volume-migration.js';

export class DestroyVmInstanceCommand extends apiCommand('DestroyVmInstance') {
  static readonly transactional = false;
}

/** The guest is destroyed and its domain undefined on its host, its host capacity given back
 *  and its PCI and USB devices freed; it stays Destroyed with its root volume (and that
 *  volume's primary storage capacity) until ExpungeVmInstance. A VM that does not exist is
 *  already destroyed, as in ZStack. A host that is gone or Disconnected does not stop it: its
 *  domain goes with the host, or when the host is reconnected and the VM is expunged. */
@CommandHandler(DestroyVmInstanceCommand)
export class DestroyVmInstanceHandler implements ICommandHandler<DestroyVmInstanceCommand, ApiReply> {
  private readonly log = logger('destroy-vm');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly runtime: VmRuntime,
  ) {}

  async execute({ job }: DestroyVmInstanceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const vm = await this.db.getRepository(VmInstanceEntity).findOneBy({ uuid });
    if (!vm || vm.state === 'Destroyed') return {};
    if (vm.state === VOLUME_MIGRATING) throw ApiError.operation(`VM ${vm.name} is ${vm.state}: its volume is being moved; destroy it when that ends`);
    const hostUuid = vm.hostUuid ?? vm.lastHostUuid;
    const host = hostUuid ? await this.db.getRepository(HostEntity).findOneBy({ uuid: hostUuid }) : null;
    await this.lifecycle.setState(uuid, 'Destroying');
    if (host?.status === 'Connected') {
      try {
        await this.runtime.undefine(host.uuid, uuid);
      } catch (err) {
        await this.lifecycle.setState(uuid, vm.state);
        throw err;
      }
    } else if (host) {
      this.log.warn({ vmUuid: uuid, hostUuid: host.uuid }, 'host not Connected: the VM is destroyed in the database only');
    }
    await this.db.transaction(async (tx) => {
      await this.lifecycle.stopped(vm, 'Destroyed', tx);
      await freeDevicesOf(tx, uuid);
    });
    return {};
  }
}
