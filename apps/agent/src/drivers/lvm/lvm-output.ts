// Pure parsers of LVM's JSON reports (`--reportformat json --units b --nosuffix`: every field
// a string, sizes in bytes) and of `lsblk --json -b`. Tested against output recorded from
// LVM 2.03.16 and util-linux 2.38.1 over loop devices (fixtures/).
import type { BlockDisk, LogicalVolume, PhysicalVolume, VolumeGroup } from '#agent-protocol';
import { hostOperationFailure } from '../../agent-errors.js';
import { byteCount, optionalText, parseJsonOutput } from '../tools/tool-output.js';

/** The fields the driver asks each report for; the converters below read these names. */
export const VG_FIELDS = 'vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,pv_count,lv_count';
export const PV_FIELDS = 'pv_name,pv_uuid,vg_name,pv_size,pv_free';
export const LV_FIELDS = 'lv_name,lv_uuid,vg_name,lv_size,lv_path';
export const LSBLK_COLUMNS = 'NAME,PATH,SIZE,TYPE,WWN,SERIAL,MODEL,FSTYPE';

type ReportRow = Record<string, string>;

/** The rows of one report (`vg`, `pv` or `lv`) from `{"report": [{"vg": [...]}]}`. */
export function parseLvmReport(text: string, kind: 'vg' | 'pv' | 'lv'): ReportRow[] {
  const parsed = parseJsonOutput(text, `${kind}s`) as { report?: Record<string, ReportRow[]>[] };
  const rows = parsed.report?.[0]?.[kind];
  if (!Array.isArray(rows)) throw hostOperationFailure(`${kind}s printed no "${kind}" report`);
  return rows;
}

const count = (row: ReportRow, field: string): number => byteCount(row[field], field);

export function toVolumeGroup(row: ReportRow): VolumeGroup {
  return {
    name: row.vg_name,
    uuid: row.vg_uuid,
    sizeBytes: count(row, 'vg_size'),
    freeBytes: count(row, 'vg_free'),
    extentSizeBytes: count(row, 'vg_extent_size'),
    pvCount: count(row, 'pv_count'),
    lvCount: count(row, 'lv_count'),
  };
}

export function toPhysicalVolume(row: ReportRow): PhysicalVolume {
  return { path: row.pv_name, uuid: row.pv_uuid, vgName: optionalText(row.vg_name), sizeBytes: count(row, 'pv_size'), freeBytes: count(row, 'pv_free') };
}

export function toLogicalVolume(row: ReportRow): LogicalVolume {
  return { name: row.lv_name, uuid: row.lv_uuid, vgName: row.vg_name, path: row.lv_path, sizeBytes: count(row, 'lv_size') };
}

interface LsblkNode {
  name?: unknown;
  path?: unknown;
  size?: unknown;
  type?: unknown;
  wwn?: unknown;
  serial?: unknown;
  model?: unknown;
  fstype?: unknown;
  children?: LsblkNode[];
}

/** `lsblk --json -b -o NAME,PATH,SIZE,TYPE,WWN,SERIAL,MODEL,FSTYPE`, partitions (children)
 *  after their disk. PV facts come from `pvs`, joined by the driver. */
export function parseLsblkJson(text: string): Omit<BlockDisk, 'pvUuid' | 'vgName'>[] {
  const parsed = parseJsonOutput(text, 'lsblk') as { blockdevices?: LsblkNode[] };
  if (!Array.isArray(parsed.blockdevices)) throw hostOperationFailure('lsblk --json printed no "blockdevices" list');
  const disks: Omit<BlockDisk, 'pvUuid' | 'vgName'>[] = [];
  const visit = (node: LsblkNode): void => {
    const name = optionalText(node.name) ?? '';
    disks.push({
      name,
      path: optionalText(node.path) ?? `/dev/${name}`,
      sizeBytes: byteCount(node.size ?? 0, `size of ${name}`),
      type: optionalText(node.type) ?? '',
      wwn: optionalText(node.wwn),
      serial: optionalText(node.serial),
      model: optionalText(node.model),
      fstype: optionalText(node.fstype),
    });
    for (const child of node.children ?? []) visit(child);
  };
  parsed.blockdevices.forEach(visit);
  return disks;
}

/** The disk a `VolumeGroupCommand` names: a device path, `wwn:<wwn>` or `serial:<serial>`. */
export function findDisk<T extends Pick<BlockDisk, 'path' | 'wwn' | 'serial'>>(disks: readonly T[], id: string): T | undefined {
  if (id.startsWith('wwn:')) return disks.find((d) => d.wwn !== null && d.wwn.toLowerCase() === id.slice(4).toLowerCase());
  if (id.startsWith('serial:')) return disks.find((d) => d.serial === id.slice(7));
  return disks.find((d) => d.path === id);
}
