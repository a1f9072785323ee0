// Which USB devices a VM can be given: Enabled, free devices of the VM's host.
import { ApiError } from '#contract';
import { type DataSource, IsNull } from 'typeorm';
import type { ApiRequest } from '../api/api-command.js';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { usbDeviceInventory } from './commands/attach-usb-device-to-vm.js';
import { UsbDeviceEntity } from './usb-device.entity.js';

export const GetUsbDeviceCandidatesForAttachingVm: SyncApiHandler = {
  api: 'GetUsbDeviceCandidatesForAttachingVm',
  answer: async (request: ApiRequest, providers) => {
    const db = providers.get<DataSource>(DATA_SOURCE, { strict: false });
    const vmUuid = request.pathParams.vmInstanceUuid;
    const [vm] = rowsOf<{ hostUuid: string | null; lastHostUuid: string | null; state: string }>(
      await db.query(`SELECT "hostUuid", "lastHostUuid", "state" FROM "vm_instance" WHERE "uuid" = $1`, [vmUuid]),
    );
    if (!vm) throw ApiError.notFound(`VM instance ${vmUuid} does not exist`);
    const host = vm.hostUuid ?? vm.lastHostUuid;
    if (!host || vm.state === 'Destroyed') return { inventories: [] };
    const rows = await db.getRepository(UsbDeviceEntity).find({ where: { hostUuid: host, vmInstanceUuid: IsNull(), state: 'Enabled' }, order: { busNum: 'ASC', devNum: 'ASC' } });
    return { inventories: rows.map(usbDeviceInventory) };
  },
};
