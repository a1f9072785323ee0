import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VmSpec } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { logger } from '../../logging/logger.js';
import { TagService } from '../../tag/tag.service.js';
import { releaseHostCapacity } from '../host-capacity.js';
import { ImageSources } from '../image-sources.js';
import { VmInstanceEntity, VolumeEntity } from '../vm-instance.entity.js';
import { offeringOrFail, VM_RESOURCE_TYPE, vmInventory, volumeInventory } from '../vm-instance.repository.js';
import { toInventory } from '../../resource/inventory.js';
import { type Placement, VmPlacement } from '../vm-placement.js';
import { VmRuntime, vmStateOf } from '../vm-runtime.js';
import { checkVmSize } from '../vm-size.js';

export class CreateVmInstanceCommand extends apiCommand('CreateVmInstance') {
  // The root volume's image may take minutes to reach the host: outside a transaction, with progress.
  static readonly transactional = false;
}

/** Where a root volume's file goes on a file-system primary storage (ZStack's layout). */
export const rootVolumePath = (storagePath: string, accountUuid: string, volumeUuid: string): string =>
  `${storagePath.replace(/\/+$/, '')}/rootVolumes/acct-${accountUuid}/vol-${volumeUuid}/${volumeUuid}.qcow2`;
export const imageCacheDirectory = (storagePath: string): string => `${storagePath.replace(/\/+$/, '')}/imagecache/template`;

/** Creates a VM: a host and a primary storage chosen and their capacity reserved together
 *  with the VM's rows; the root volume made on the host from the image; the domain defined
 *  and (InstantStart) started. Any failure undoes it all: no rows, no reserved capacity, no
 *  domain, no volume file. */
@CommandHandler(CreateVmInstanceCommand)
export class CreateVmInstanceHandler implements ICommandHandler<CreateVmInstanceCommand, ApiReply> {
  private readonly log = logger('create-vm');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly placement: VmPlacement,
    private readonly runtime: VmRuntime,
    private readonly images: ImageSources,
    private readonly tags: TagService,
  ) {}

  async execute({ job, params }: CreateVmInstanceCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const existing = await this.db.getRepository(VmInstanceEntity).findOneBy({ uuid });
    if (existing) {
      if (existing.state === 'Creating') throw ApiError.operation(`VM ${uuid} was being created when its job was interrupted; destroy and expunge it, then create it again`);
      return { inventory: await vmInventory(this.db.manager, uuid) }; // a redelivered command
    }
    if (params.l3NetworkUuids?.length || params.defaultL3NetworkUuid) throw ApiError.invalidArgument('l3NetworkUuids: this release has no L3 networks; create the VM without NICs');
    if (params.rootDiskOfferingUuid || params.dataDiskOfferingUuids?.length) throw ApiError.invalidArgument('rootDiskOfferingUuid/dataDiskOfferingUuids: disk offerings are not in this release');
    const offering = params.instanceOfferingUuid ? await offeringOrFail(this.db.manager, params.instanceOfferingUuid) : null;
    if (!offering && (params.cpuNum == null || params.memorySize == null)) throw ApiError.invalidArgument('give instanceOfferingUuid, or cpuNum and memorySize');
    const size = checkVmSize(params.cpuNum ?? offering?.cpuNum, params.memorySize ?? Number(offering?.memorySize));
    const image = await this.images.bootableOrFail(params.imageUuid);

    // Allocation is one short transaction: the first progress worth writing is the volume's.
    const volumeUuid = randomUUID().replace(/-/g, '');
    let placed: Placement | null = null;
    let rows: { vm: VmInstanceEntity; volume: VolumeEntity } | null = null;
    await this.db.transaction(async (tx) => {
      placed = await this.placement.place(tx, {
        zoneUuid: params.zoneUuid,
        clusterUuid: params.clusterUuid,
        hostUuid: params.hostUuid,
        primaryStorageUuid: params.primaryStorageUuidForRootVolume,
        backupStorageUuids: image.backupStorageUuids,
        size,
        rootVolumeBytes: image.size,
      });
      const now = new Date();
      const vm: VmInstanceEntity = {
        uuid,
        name: params.name,
        description: params.description ?? null,
        zoneUuid: placed.zoneUuid,
        clusterUuid: placed.clusterUuid,
        imageUuid: image.uuid,
        hostUuid: placed.hostUuid,
        lastHostUuid: placed.hostUuid,
        instanceOfferingUuid: offering?.uuid ?? null,
        rootVolumeUuid: volumeUuid,
        platform: image.platform ?? 'Linux',
        defaultL3NetworkUuid: null,
        type: params.type || 'UserVm',
        hypervisorType: 'KVM',
        memorySize: String(size.memorySize),
        cpuNum: size.cpuNum,
        cpuSpeed: '0',
        allocatorStrategy: offering?.allocatorStrategy ?? null,
        state: 'Creating',
        architecture: image.architecture ?? 'x86_64',
        guestOsType: image.guestOsType ?? null,
        usbRedirect: false,
        createDate: now,
        lastOpDate: now,
      };
      const volume: VolumeEntity = {
        uuid: volumeUuid,
        name: `ROOT-for-${params.name}`.slice(0, 255),
        description: null,
        primaryStorageUuid: placed.primaryStorageUuid,
        vmInstanceUuid: uuid,
        diskOfferingUuid: null,
        rootImageUuid: image.uuid,
        installPath: rootVolumePath(placed.primaryStoragePath, job.accountUuid, volumeUuid),
        type: 'Root',
        format: 'qcow2',
        size: String(image.size),
        actualSize: null,
        deviceId: 0,
        state: 'Enabled',
        status: 'Creating',
        isShareable: false,
        hostUuid: placed.primaryStorageType === 'LocalStorage' ? placed.hostUuid : null,
        createDate: now,
        lastOpDate: now,
      };
      await tx.getRepository(VmInstanceEntity).insert(vm);
      await tx.getRepository(VolumeEntity).insert(volume);
      rows = { vm, volume };
      if (placed.primaryStorageType === 'LocalStorage') {
        await tx.query(
          `INSERT INTO "local_storage_resource_ref" ("uuid", "resourceUuid", "primaryStorageUuid", "hostUuid", "size", "resourceType", "createDate", "lastOpDate") VALUES ($1, $1, $2, $3, $4, 'VolumeVO', now(), now())`,
          [volumeUuid, placed.primaryStorageUuid, placed.hostUuid, image.size],
        );
      }
      await this.tags.attach(tx, uuid, VM_RESOURCE_TYPE, job.request.systemTags, job.request.userTags);
    });
    const at: Placement = placed!;
    const installPath = rootVolumePath(at.primaryStoragePath, job.accountUuid, volumeUuid);
    let volumeMade = false;
    let reserved = image.size;
    try {
      await job.progress(`making the root volume on host ${at.hostUuid} from image ${image.name}`, 20);
      const { volume } = await this.images.withDownloadUrl(image, at.zoneUuid, (imageUrl) =>
        this.runtime.createRootVolume(at.hostUuid, {
          imageUrl,
          imageUuid: image.uuid,
          imageSha256: image.sha256,
          imageFormat: image.format === 'raw' ? 'raw' : 'qcow2',
          cacheDirectory: imageCacheDirectory(at.primaryStoragePath),
          volumePath: installPath,
        }),
      );
      volumeMade = true;
      // A new VM has no devices and no USB redirect yet: its domain is known without reading it back.
      const spec: VmSpec = {
        vmUuid: uuid,
        description: params.name,
        cpuNum: size.cpuNum,
        memoryBytes: size.memorySize,
        rootDisk: { path: installPath, format: 'qcow2' },
        nic: null,
        graphics: { usbRedirectChannels: 0 },
        hostdevs: [],
      };
      const instant = params.strategy !== 'CreateStopped';
      await job.progress(instant ? 'defining and starting the VM in libvirt' : 'defining the VM in libvirt', 70);
      const state = vmStateOf(await this.runtime.define(at.hostUuid, spec, instant));
      if (instant && state !== 'Running') throw ApiError.operation(`VM ${uuid} did not start on host ${at.hostUuid}: libvirt says ${state}`);
      // The volume's real size and the VM's state together. A qcow2 image's virtual size may
      // exceed its bytes: the volume holds its virtual size.
      const held = Math.max(reserved, volume.size);
      const made = rows!;
      const volumeNow = { status: 'Ready', size: String(held), actualSize: String(volume.actualSize), lastOpDate: new Date() };
      const vmNow = { state: instant ? 'Running' : 'Stopped', ...(instant ? {} : { hostUuid: null }), lastOpDate: volumeNow.lastOpDate };
      await this.db.transaction(async (tx) => {
        const more = held - reserved;
        if (more > 0 && !(await this.placement.reserveStorage(tx, at.primaryStorageUuid, at.primaryStorageType, at.hostUuid, more))) {
          throw ApiError.operation(`primary storage ${at.primaryStorageUuid} has not ${more} more bytes free for the root volume's virtual size (${volume.size} bytes)`);
        }
        await tx.getRepository(VolumeEntity).update({ uuid: volumeUuid }, volumeNow);
        if (at.primaryStorageType === 'LocalStorage') await tx.query(`UPDATE "local_storage_resource_ref" SET "size" = $2, "lastOpDate" = now() WHERE "resourceUuid" = $1`, [volumeUuid, held]);
        if (!instant) await releaseHostCapacity(tx, at.hostUuid, size);
        await tx.getRepository(VmInstanceEntity).update({ uuid }, vmNow);
      });
      // The rows as just written: no need to read them back.
      Object.assign(made.volume, volumeNow);
      Object.assign(made.vm, vmNow);
      reserved = held; // only once committed: a failed commit is undone with what was held before
    } catch (err) {
      await this.undo(uuid, volumeUuid, at, size, reserved, volumeMade ? installPath : null);
      throw err;
    }
    const { vm, volume } = rows!;
    return { inventory: toInventory('VmInstanceInventory', { ...vm, vmNics: [], vmCdRoms: [], allVolumes: [volumeInventory(volume)] }) };
  }

  /** Takes back everything a failed create made; each step is attempted whatever the others do. */
  private async undo(uuid: string, volumeUuid: string, at: Placement, size: { cpuNum: number; memorySize: number }, rootBytes: number, volumePath: string | null): Promise<void> {
    const warn = (what: string) => (err: Error) => this.log.warn({ vmUuid: uuid, err: err.message }, `create failed; could not ${what}`);
    await this.runtime.undefine(at.hostUuid, uuid).catch(warn('undefine its domain'));
    if (volumePath) await this.runtime.deleteVolume(at.hostUuid, volumePath).catch(warn('delete its root volume'));
    await this.db
      .transaction(async (tx) => {
        const vm = await tx.getRepository(VmInstanceEntity).findOneBy({ uuid });
        if (vm?.hostUuid) await releaseHostCapacity(tx, vm.hostUuid, size);
        await this.placement.releaseStorage(tx, at.primaryStorageUuid, at.primaryStorageType, at.hostUuid, rootBytes);
        await tx.query(`DELETE FROM "local_storage_resource_ref" WHERE "resourceUuid" = $1`, [volumeUuid]);
        await tx.getRepository(VolumeEntity).delete({ uuid: volumeUuid });
        await this.tags.detachAll(tx, [uuid]);
        await tx.getRepository(VmInstanceEntity).delete({ uuid });
      })
      .catch(warn('remove its rows'));
  }
}
