import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError, ErrorCodes } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { DATA_SOURCE } from '../../database/database.tokens.js';
import { logger } from '../../logging/logger.js';
import type { DeleteMode } from '../../resource/deletion-cascade.js';
import { TagService } from '../../tag/tag.service.js';
import { HostBackends } from '../host-backends.js';
import { HostEntity } from '../host.entity.js';
import { deleteHostRows } from '../host.repository.js';

export class DeleteHostCommand extends apiCommand('DeleteHost') {
  // Stopping and removing the agent goes over SSH.
  static readonly transactional = false;
}

/** Stops and removes the host's agent, then deletes the host. A host that cannot be
 *  reached is still deleted when it is not Connected (nothing there answers anyway) or
 *  with deleteMode=Enforcing; a Connected host whose agent cannot be removed is kept
 *  in Permissive mode, so no agent is left running unmanaged. */
@CommandHandler(DeleteHostCommand)
export class DeleteHostHandler implements ICommandHandler<DeleteHostCommand, ApiReply> {
  private readonly log = logger('delete-host');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: HostBackends,
    private readonly tags: TagService,
  ) {}

  async execute({ job }: DeleteHostCommand): Promise<ApiReply> {
    const uuid = job.resourceUuid!;
    const mode = (job.request.query.deleteMode as DeleteMode | undefined) ?? 'Permissive';
    const host = await this.db.getRepository(HostEntity).findOneBy({ uuid });
    if (!host) return {};
    await job.progress('remove agent', 30);
    try {
      await this.backends.of(host.hypervisorType).uninstall(uuid);
    } catch (err) {
      const reason = err instanceof ApiError ? (err.body.details ?? err.message) : (err as Error).message;
      if (mode === 'Permissive' && host.status === 'Connected') {
        throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `cannot remove the agent from host ${host.name} (${host.managementIp}): ${reason}; the host is kept (use deleteMode=Enforcing to delete it anyway)`);
      }
      this.log.warn({ hostUuid: uuid, reason }, 'host deleted without removing its agent');
    }
    await this.db.transaction((tx) => deleteHostRows(tx, this.tags, [uuid]));
    return {};
  }
}
