import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { UpdateHostParams } from '#contract';
import type { EntityManager } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { HostEntity } from '../host.entity.js';
import { checkManagementIp, hostInventory, hostOrFail } from '../host.repository.js';

export class UpdateHostCommand extends apiCommand('UpdateHost') {}

/** Renames a host, re-describes it or records a new management IP. A new IP takes
 *  effect at the next ReconnectHost, which redeploys the agent to listen there. */
@CommandHandler(UpdateHostCommand)
export class UpdateHostHandler implements ICommandHandler<UpdateHostCommand, ApiReply> {
  async execute({ job, params }: UpdateHostCommand): Promise<ApiReply> {
    const host = await updateHostRow(job.tx, job.resourceUuid!, params);
    return { inventory: hostInventory(host) };
  }
}

/** The fields UpdateHost and UpdateKVMHost share. */
export async function updateHostRow(tx: EntityManager, uuid: string, params: UpdateHostParams): Promise<HostEntity> {
  const host = await hostOrFail(tx, uuid);
  if (typeof params.name === 'string') host.name = params.name;
  if (params.description !== undefined) host.description = params.description ?? null;
  if (typeof params.managementIp === 'string' && params.managementIp !== host.managementIp) {
    await checkManagementIp(tx, params.managementIp, uuid);
    host.managementIp = params.managementIp;
  }
  host.lastOpDate = new Date();
  return tx.getRepository(HostEntity).save(host);
}
