import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { HostEntity } from '../../host/host.entity.js';
import { PrimaryStorageEntity } from '../../primary-storage/primary-storage.entity.js';
import { TagService } from '../../tag/tag.service.js';
import { VmInstanceEntity, VolumeEntity } from '../vm-instance.entity.js';
import { VmLifecycle } from '../vm-lifecycle.js';
import { VmPlacement } from '../vm-placement.js';
import { VmRuntime } from '../vm-runtime.js';

export class ExpungeVmInstanceCommand extends apiCommand('ExpungeVmInstance') {
  static readonly transactional = false;
}

/** A destroyed VM's root volume is deleted from its host's primary storage and that
 *  storage's capacity given back; then the VM and its volume rows go. */
@CommandHandler(ExpungeVmInstanceCommand)
export class ExpungeVmInstanceHandler implements ICommandHandler<ExpungeVmInstanceCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly runtime: VmRuntime,
    private readonly placement: VmPlacement,
    private readonly tags: TagService,
  ) {}

  async execute({ job }: ExpungeVmInstanceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const vm = await this.lifecycle.inState(uuid, ['Destroyed'], 'expunged');
    const volumes = await this.db.getRepository(VolumeEntity).findBy({ vmInstanceUuid: uuid });
    const host = vm.lastHostUuid ? await this.db.getRepository(HostEntity).findOneBy({ uuid: vm.lastHostUuid }) : null;
    await this.lifecycle.setState(uuid, 'Expunging');
    for (const volume of volumes.filter((v) => v.installPath && v.status !== 'Deleted')) {
      if (host && host.status !== 'Connected') {
        await this.lifecycle.setState(uuid, 'Destroyed');
        throw ApiError.operation(`host ${host.name} holding VM ${vm.name}'s volume ${volume.uuid} is ${host.status}; reconnect it to expunge the VM`);
      }
      // A host deleted took its disks (and its local storage) with it.
      if (host) await this.runtime.deleteVolume(host.uuid, volume.installPath!);
    }
    await this.db.transaction(async (tx) => {
      for (const volume of volumes) {
        const ps = volume.primaryStorageUuid ? await tx.getRepository(PrimaryStorageEntity).findOneBy({ uuid: volume.primaryStorageUuid }) : null;
        if (ps) await this.placement.releaseStorage(tx, ps.uuid, ps.type, volume.hostUuid, Number(volume.size));
        await tx.query(`DELETE FROM "local_storage_resource_ref" WHERE "resourceUuid" = $1`, [volume.uuid]);
        await tx.getRepository(VolumeEntity).delete({ uuid: volume.uuid });
      }
      await this.tags.detachAll(tx, [uuid]);
      await tx.getRepository(VmInstanceEntity).delete({ uuid });
    });
    return {};
  }
}
