// Which PCI devices a VM can be given: Enabled, Active, free devices of the VM's host (or, for
// a VM to be created, of the hosts asked for), whose IOMMU group no other VM holds a device of.
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import type { ApiRequest } from '../api/api-command.js';
import type { SyncApiHandler } from '../api/sync-api.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { PciDeviceEntity } from './pci-device.entity.js';
import { pciDeviceInventory } from './pci-device-rows.js';

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? value.split(',') : []);

async function candidates(db: DataSource, where: string[], args: unknown[], vmUuid: string | null, types: string[]) {
  const arg = (v: unknown) => `$${args.push(v)}`;
  if (types.length) where.push(`d."type" = ANY(${arg(types)})`);
  const vm = arg(vmUuid);
  const uuids = rowsOf<{ uuid: string }>(
    await db.query(
      `SELECT d."uuid" FROM "pci_device" d JOIN "host" h ON h."uuid" = d."hostUuid"
       WHERE d."vmInstanceUuid" IS NULL AND d."state" = 'Enabled' AND d."status" = 'Active' AND ${where.join(' AND ')}
         AND NOT EXISTS (SELECT 1 FROM "pci_device" o WHERE o."hostUuid" = d."hostUuid" AND d."iommuGroup" IS NOT NULL AND o."iommuGroup" = d."iommuGroup"
                         AND o."vmInstanceUuid" IS NOT NULL AND o."vmInstanceUuid" IS DISTINCT FROM ${vm})
       ORDER BY d."hostUuid", d."pciDeviceAddress"`,
      args,
    ),
  ).map((r) => r.uuid);
  if (!uuids.length) return { inventories: [] };
  const rows = await db.getRepository(PciDeviceEntity).createQueryBuilder('d').where('d.uuid IN (:...uuids)', { uuids }).orderBy('d.hostUuid').addOrderBy('d.pciDeviceAddress').getMany();
  return { inventories: rows.map(pciDeviceInventory) };
}

const dataSource = (providers: Parameters<SyncApiHandler['answer']>[1]) => providers.get<DataSource>(DATA_SOURCE, { strict: false });

export const GetPciDeviceCandidatesForAttachingVm: SyncApiHandler = {
  api: 'GetPciDeviceCandidatesForAttachingVm',
  answer: async (request: ApiRequest, providers) => {
    const db = dataSource(providers);
    const vmUuid = request.pathParams.vmInstanceUuid;
    const [vm] = rowsOf<{ hostUuid: string | null; lastHostUuid: string | null; state: string }>(
      await db.query(`SELECT "hostUuid", "lastHostUuid", "state" FROM "vm_instance" WHERE "uuid" = $1`, [vmUuid]),
    );
    if (!vm) throw ApiError.notFound(`VM instance ${vmUuid} does not exist`);
    const host = vm.hostUuid ?? vm.lastHostUuid;
    if (!host || vm.state === 'Destroyed') return { inventories: [] };
    return candidates(db, [`d."hostUuid" = $1`], [host], vmUuid, listOf(request.query.types));
  },
};

export const GetPciDeviceCandidatesForNewCreateVm: SyncApiHandler = {
  api: 'GetPciDeviceCandidatesForNewCreateVm',
  answer: async (request: ApiRequest, providers) => {
    const where = [`h."status" = 'Connected'`, `h."state" = 'Enabled'`];
    const args: unknown[] = [];
    if (typeof request.query.hostUuid === 'string' && request.query.hostUuid) where.push(`d."hostUuid" = $${args.push(request.query.hostUuid)}`);
    const clusters = listOf(request.query.clusterUuids);
    if (clusters.length) where.push(`h."clusterUuid" = ANY($${args.push(clusters)})`);
    return candidates(dataSource(providers), where, args, null, listOf(request.query.types));
  },
};

export const PCI_CANDIDATE_APIS: readonly SyncApiHandler[] = [GetPciDeviceCandidatesForAttachingVm, GetPciDeviceCandidatesForNewCreateVm];
