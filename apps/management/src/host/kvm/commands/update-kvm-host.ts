import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiError, ErrorCodes } from '#contract';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { updateHostRow } from '../../commands/update-host.js';
import { hostInventory } from '../../host.repository.js';
import { HostStepError, AgentDeployer } from '../../../agent/agent-deployer.js';
import { KvmHostConnector } from '../kvm-host-connector.js';
import { KvmHostEntity } from '../kvm-host.entity.js';
import { sshPortOf } from '../../../ssh/ssh-session.js';

export class UpdateKVMHostCommand extends apiCommand('UpdateKVMHost') {
  static readonly transactional = false;
}

/** UpdateHost plus the SSH credentials. New credentials are tried on the host first;
 *  refused ones are not saved and the old ones stay. */
@CommandHandler(UpdateKVMHostCommand)
export class UpdateKVMHostHandler implements ICommandHandler<UpdateKVMHostCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly connector: KvmHostConnector,
    private readonly deployer: AgentDeployer,
  ) {}

  async execute({ job, params }: UpdateKVMHostCommand): Promise<ApiReply> {
    const { host, kvm } = await this.connector.load(job.resourceUuid!);
    const credentials = {
      username: params.username ?? kvm.username,
      password: params.password ?? kvm.password,
      sshPort: sshPortOf(params.sshPort, kvm.sshPort),
    };
    const changed = credentials.username !== kvm.username || credentials.password !== kvm.password || credentials.sshPort !== kvm.sshPort;
    if (changed) {
      const ip = params.managementIp ?? host.managementIp;
      try {
        await this.deployer.checkCredentials({ host: ip, port: credentials.sshPort, username: credentials.username, password: credentials.password });
      } catch (err) {
        const reason = err instanceof HostStepError ? err.reason : (err as Error).message;
        throw ApiError.of(ErrorCodes.HOST_OPERATION_FAILURE, `the new SSH credentials of host ${host.name} were refused, the old ones are kept: ${reason}`);
      }
    }
    const updated = await this.db.transaction(async (tx) => {
      const row = await updateHostRow(tx, host.uuid, params);
      if (changed) await tx.getRepository(KvmHostEntity).update({ uuid: host.uuid }, credentials);
      return row;
    });
    return { inventory: hostInventory(updated) };
  }
}
