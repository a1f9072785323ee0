import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError } from '#contract';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { ZoneRepository } from '../../zone/zone.repository.js';
import { BackupStorageZoneRefEntity } from '../backup-storage.entity.js';
import { backupStorageInventory, backupStorageOrFail } from '../backup-storage.repository.js';

export class AttachBackupStorageToZoneCommand extends apiCommand('AttachBackupStorageToZone') {}

/** Attaches a backup storage to a zone: the zone's hosts may then take images from it.
 *  Attaching it twice to one zone is refused, as in ZStack. */
@CommandHandler(AttachBackupStorageToZoneCommand)
export class AttachBackupStorageToZoneHandler implements ICommandHandler<AttachBackupStorageToZoneCommand, ApiReply> {
  constructor(private readonly zones: ZoneRepository) {}

  async execute({ job }: AttachBackupStorageToZoneCommand): Promise<ApiReply> {
    const { zoneUuid, backupStorageUuid } = job.request.pathParams;
    const bs = await backupStorageOrFail(job.tx, backupStorageUuid);
    const zone = await this.zones.lockedOrFail(job.tx, zoneUuid);
    const refs = job.tx.getRepository(BackupStorageZoneRefEntity);
    if (await refs.existsBy({ backupStorageUuid, zoneUuid })) throw ApiError.operation(`backup storage ${bs.name} is already attached to zone ${zone.name}`);
    await refs.insert({ backupStorageUuid, zoneUuid, createDate: new Date() });
    return { inventory: await backupStorageInventory(job.tx, bs) };
  }
}
