import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { type PrimaryStorageState, PrimaryStorageStateMachine } from '../primary-storage-state-machines.js';
import { PrimaryStorageEntity } from '../primary-storage.entity.js';
import { primaryStorageInventory, primaryStorageOrFail } from '../primary-storage.repository.js';

export class ChangePrimaryStorageStateCommand extends apiCommand('ChangePrimaryStorageState') {}

/** Enables, disables or puts a storage into maintenance (PrimaryStorageStateMachine). */
@CommandHandler(ChangePrimaryStorageStateCommand)
export class ChangePrimaryStorageStateHandler implements ICommandHandler<ChangePrimaryStorageStateCommand, ApiReply> {
  async execute({ job, params }: ChangePrimaryStorageStateCommand): Promise<ApiReply> {
    const storage = await primaryStorageOrFail(job.tx, job.resourceUuid!);
    const state = PrimaryStorageStateMachine.next(storage.state as PrimaryStorageState, params.stateEvent);
    await job.tx.getRepository(PrimaryStorageEntity).update({ uuid: storage.uuid }, { state, lastOpDate: new Date() });
    return { inventory: await primaryStorageInventory(job.tx, storage.uuid) };
  }
}
