import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeviceAgentPath, type UpdateIommuReply } from '#agent-protocol';
import { apiCommand, type ApiReply } from '../../api/api-command.js';
import { HostAgentChannel } from '../../host/host-agent-channel.js';
import { callHostAgent } from '../device-sync.js';

export class UpdateHostIommuStateCommand extends apiCommand('UpdateHostIommuState') {
  /** It only talks to the host's agent: no rows to hold a transaction for. */
  static readonly transactional = false;
}

/** Turns IOMMU on or off in the host's boot arguments (GRUB_CMDLINE_LINUX in
 *  /etc/default/grub, then update-grub) through its agent. Nothing changes until the host
 *  reboots: the reply says so in `rebootRequired`, with the kernel command line now written. */
@CommandHandler(UpdateHostIommuStateCommand)
export class UpdateHostIommuStateHandler implements ICommandHandler<UpdateHostIommuStateCommand, ApiReply> {
  constructor(private readonly channel: HostAgentChannel) {}

  async execute({ job, params }: UpdateHostIommuStateCommand): Promise<ApiReply> {
    const enabled = params.state === 'Enabled';
    const reply = await callHostAgent<UpdateIommuReply>(this.channel, job.resourceUuid!, DeviceAgentPath.updateIommu, { enabled });
    return { state: params.state, rebootRequired: reply.rebootRequired, kernelCommandLine: reply.kernelCommandLine };
  }
}
