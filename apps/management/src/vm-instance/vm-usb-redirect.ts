// USB redirect: SPICE usbredir channels in the VM's definition, through which a SPICE client
// passes the USB devices of the operator's own machine to the guest. The switch is the VM's
// (ZStack's usbRedirect::true system tag); the definition changes at once, a running guest
// gets the channels at its next start, as in ZStack.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../api/api-command.js';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { VmDevices } from './vm-devices.js';
import { VmInstanceEntity } from './vm-instance.entity.js';
import { vmOrFail } from './vm-instance.repository.js';
import { VmLifecycle } from './vm-lifecycle.js';

export const GetVmUsbRedirect: SyncApiHandler = {
  api: 'GetVmUsbRedirect',
  answer: async (request, providers) => {
    const vm = await vmOrFail(providers.get<DataSource>(DATA_SOURCE, { strict: false }).manager, request.pathParams.uuid);
    return { enable: vm.usbRedirect };
  },
};

export class SetVmUsbRedirectCommand extends apiCommand('SetVmUsbRedirect') {
  static readonly transactional = false;
}

@CommandHandler(SetVmUsbRedirectCommand)
export class SetVmUsbRedirectHandler implements ICommandHandler<SetVmUsbRedirectCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly lifecycle: VmLifecycle,
    private readonly devices: VmDevices,
  ) {}

  async execute({ job, params }: SetVmUsbRedirectCommand): Promise<ApiReply> {
    const vm = await this.lifecycle.inState(job.resourceUuid!, ['Running', 'Stopped'], 'switched');
    const enable = params.enable === true || String(params.enable) === 'true';
    if (vm.usbRedirect === enable) return {};
    await this.db.getRepository(VmInstanceEntity).update({ uuid: vm.uuid }, { usbRedirect: enable, lastOpDate: new Date() });
    try {
      await this.devices.redefine(vm);
    } catch (err) {
      await this.db.getRepository(VmInstanceEntity).update({ uuid: vm.uuid }, { usbRedirect: vm.usbRedirect });
      throw err;
    }
    return {};
  }
}
