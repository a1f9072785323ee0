// Where a new VM goes: a Connected, Enabled KVM host with the VM's CPUs and memory free, in a
// cluster with a file-system primary storage (local storage, shared mount point, NFS) that has
// room for the root volume, in a zone the image's backup storage is attached to. Candidates
// are tried emptiest first; each is reserved by conditional UPDATEs (host capacity, then the
// storage's, and for local storage the host's share), so concurrent creates never over-commit:
// a candidate another create just filled is skipped for the next.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import { CapacityReservations } from '../primary-storage/capacity-reservations.js';
import { releaseHostCapacity, reserveHostCapacity, type VmSize } from './host-capacity.js';

/** Primary storage types whose root volumes are files the host's agent makes. */
export const FILE_STORAGE_TYPES = ['LocalStorage', 'SharedMountPoint', 'NFS'];
const LOCAL = 'LocalStorage';

export interface PlacementRequest {
  zoneUuid?: string | null;
  clusterUuid?: string | null;
  hostUuid?: string | null;
  primaryStorageUuid?: string | null;
  /** Backup storage holding the image: one must be attached to the host's zone. */
  backupStorageUuids: string[];
  size: VmSize;
  rootVolumeBytes: number;
}

export interface Placement {
  hostUuid: string;
  clusterUuid: string;
  zoneUuid: string;
  primaryStorageUuid: string;
  primaryStorageType: string;
  /** Where the storage is on the host: its url, or its mount path (NFS). */
  primaryStoragePath: string;
}

interface Candidate {
  hostUuid: string;
  clusterUuid: string;
  zoneUuid: string;
  psUuid: string;
  psType: string;
  psPath: string;
}

@Injectable()
export class VmPlacement {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly reservations: CapacityReservations,
  ) {}

  /** Reserves a host and a primary storage for the VM in `tx`; throws saying what is missing. */
  async place(tx: EntityManager, request: PlacementRequest): Promise<Placement> {
    for (const c of await this.candidates(tx, request, 20)) {
      if (await this.reserve(tx, c, request)) {
        return { hostUuid: c.hostUuid, clusterUuid: c.clusterUuid, zoneUuid: c.zoneUuid, primaryStorageUuid: c.psUuid, primaryStorageType: c.psType, primaryStoragePath: c.psPath };
      }
    }
    throw ApiError.operation(await this.whyNone(tx, request));
  }

  /** Gives back what `place` reserved (a failed create, an expunge). */
  async releaseStorage(tx: EntityManager, primaryStorageUuid: string, primaryStorageType: string, hostUuid: string | null, bytes: number): Promise<void> {
    await this.reservations.release(primaryStorageUuid, bytes, tx);
    if (primaryStorageType === LOCAL && hostUuid) {
      await tx.query(`UPDATE "local_storage_host_ref" SET "availableCapacity" = "availableCapacity" + $3 WHERE "primaryStorageUuid" = $1 AND "hostUuid" = $2`, [primaryStorageUuid, hostUuid, bytes]);
    }
  }

  /** Takes `bytes` of the storage (and, for local storage, of the host's share); false and nothing taken when it has not that much. */
  async reserveStorage(tx: EntityManager, primaryStorageUuid: string, primaryStorageType: string, hostUuid: string, bytes: number): Promise<boolean> {
    if (!(await this.reservations.reserve(primaryStorageUuid, bytes, tx))) return false;
    if (primaryStorageType !== LOCAL) return true;
    const taken = rowsOf<{ hostUuid: string }>(
      await tx.query(
        `UPDATE "local_storage_host_ref" SET "availableCapacity" = "availableCapacity" - $3 WHERE "primaryStorageUuid" = $1 AND "hostUuid" = $2 AND "availableCapacity" >= $3 RETURNING "hostUuid"`,
        [primaryStorageUuid, hostUuid, bytes],
      ),
    );
    if (taken.length) return true;
    await this.reservations.release(primaryStorageUuid, bytes, tx);
    return false;
  }

  private async reserve(tx: EntityManager, c: Candidate, request: PlacementRequest): Promise<boolean> {
    if (!(await reserveHostCapacity(tx, c.hostUuid, request.size))) return false;
    if (await this.reserveStorage(tx, c.psUuid, c.psType, c.hostUuid, request.rootVolumeBytes)) return true;
    await releaseHostCapacity(tx, c.hostUuid, request.size);
    return false;
  }

  /** The hosts that qualify now, emptiest first; `where` narrows them further (diagnosis). */
  private async candidates(tx: EntityManager, r: PlacementRequest, limit: number, checks = { capacity: true, storage: true, image: true }): Promise<Candidate[]> {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where = [`h."hypervisorType" = 'KVM'`, `h."status" = 'Connected'`, `h."state" = 'Enabled'`, `c."state" = 'Enabled'`];
    if (r.hostUuid) where.push(`h."uuid" = ${arg(r.hostUuid)}`);
    if (r.clusterUuid) where.push(`h."clusterUuid" = ${arg(r.clusterUuid)}`);
    if (r.zoneUuid) where.push(`h."zoneUuid" = ${arg(r.zoneUuid)}`);
    if (checks.capacity) where.push(`h."availableCpuCapacity" >= ${arg(r.size.cpuNum)}`, `h."availableMemoryCapacity" >= ${arg(r.size.memorySize)}`);
    if (checks.storage) {
      where.push(`ps."state" = 'Enabled'`, `ps."status" = 'Connected'`, `ps."type" IN (${FILE_STORAGE_TYPES.map(arg).join(', ')})`);
      if (r.primaryStorageUuid) where.push(`ps."uuid" = ${arg(r.primaryStorageUuid)}`);
      const bytes = arg(r.rootVolumeBytes);
      where.push(`ps."availableCapacity" >= ${bytes}`);
      where.push(`(ps."type" <> '${LOCAL}' OR EXISTS (SELECT 1 FROM "local_storage_host_ref" l WHERE l."primaryStorageUuid" = ps."uuid" AND l."hostUuid" = h."uuid" AND l."availableCapacity" >= ${bytes}))`);
    }
    if (checks.image) {
      where.push(`EXISTS (SELECT 1 FROM "backup_storage_zone_ref" z JOIN "backup_storage" b ON b."uuid" = z."backupStorageUuid"
        WHERE z."zoneUuid" = h."zoneUuid" AND b."status" = 'Connected' AND b."state" = 'Enabled' AND z."backupStorageUuid" = ANY(${arg(r.backupStorageUuids)}))`);
    }
    const rows = rowsOf<Candidate>(
      await tx.query(
        `SELECT h."uuid" AS "hostUuid", h."clusterUuid", h."zoneUuid", ps."uuid" AS "psUuid", ps."type" AS "psType", COALESCE(ps."mountPath", ps."url") AS "psPath"
         FROM "host" h JOIN "cluster" c ON c."uuid" = h."clusterUuid"
         JOIN "primary_storage_cluster_ref" ref ON ref."clusterUuid" = h."clusterUuid"
         JOIN "primary_storage" ps ON ps."uuid" = ref."primaryStorageUuid"
         WHERE ${where.join(' AND ')}
         ORDER BY h."availableMemoryCapacity" DESC, h."uuid" LIMIT ${limit}`,
        args,
      ),
    );
    return rows;
  }

  /** Says which requirement no host meets, the first of: being up, the image's zone, capacity, storage. */
  private async whyNone(tx: EntityManager, r: PlacementRequest): Promise<string> {
    const scope = r.hostUuid ? `host ${r.hostUuid}` : r.clusterUuid ? `cluster ${r.clusterUuid}` : r.zoneUuid ? `zone ${r.zoneUuid}` : 'any zone';
    const none = { capacity: false, storage: false, image: false };
    const up = rowsOf<{ n: string }>(
      await tx.query(
        `SELECT COUNT(*) AS "n" FROM "host" h JOIN "cluster" c ON c."uuid" = h."clusterUuid" WHERE h."hypervisorType" = 'KVM' AND h."status" = 'Connected' AND h."state" = 'Enabled' AND c."state" = 'Enabled'
         ${r.hostUuid ? `AND h."uuid" = $1` : r.clusterUuid ? `AND h."clusterUuid" = $1` : r.zoneUuid ? `AND h."zoneUuid" = $1` : ''}`,
        r.hostUuid || r.clusterUuid || r.zoneUuid ? [r.hostUuid || r.clusterUuid || r.zoneUuid] : [],
      ),
    );
    if (Number(up[0].n) === 0) return `no Connected and Enabled KVM host in ${scope}`;
    if (!(await this.candidates(tx, r, 1, { ...none, storage: true })).length) {
      return `no host in ${scope} has an Enabled, Connected primary storage (local storage, shared mount point or NFS)${r.primaryStorageUuid ? ` ${r.primaryStorageUuid}` : ''} attached to its cluster`;
    }
    if (!(await this.candidates(tx, r, 1, { ...none, image: true })).length) return `the image's backup storage is not attached (Enabled and Connected) to the zone of any host in ${scope}`;
    if (!(await this.candidates(tx, r, 1, { ...none, capacity: true })).length) return `no host in ${scope} has ${r.size.cpuNum} CPUs and ${r.size.memorySize} bytes of memory free`;
    return `no primary storage in reach of a host in ${scope} has ${r.rootVolumeBytes} bytes free for the root volume`;
  }
}
