// A host's CPUs and memory as VMs hold them: taken by single conditional UPDATEs, so that
// concurrent creates and starts never over-commit a host and releases never lose a change.
// A VM holds its host's capacity from Starting until it is Stopped or Destroyed (as ZStack's
// HostCapacityVO); a stopped VM holds none.
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../database/sql.js';

export interface VmSize {
  cpuNum: number;
  memorySize: number;
}

/** Takes the VM's CPUs and memory from the host; false (and nothing taken) when it has not that much. */
export async function reserveHostCapacity(db: EntityManager, hostUuid: string, size: VmSize): Promise<boolean> {
  const rows = rowsOf<{ uuid: string }>(
    await db.query(
      `UPDATE "host" SET "availableCpuCapacity" = "availableCpuCapacity" - $2, "availableMemoryCapacity" = "availableMemoryCapacity" - $3
       WHERE "uuid" = $1 AND "availableCpuCapacity" >= $2 AND "availableMemoryCapacity" >= $3 RETURNING "uuid"`,
      [hostUuid, size.cpuNum, size.memorySize],
    ),
  );
  return rows.length === 1;
}

export async function releaseHostCapacity(db: EntityManager, hostUuid: string, size: VmSize): Promise<void> {
  await db.query(`UPDATE "host" SET "availableCpuCapacity" = "availableCpuCapacity" + $2, "availableMemoryCapacity" = "availableMemoryCapacity" + $3 WHERE "uuid" = $1`, [
    hostUuid,
    size.cpuNum,
    size.memorySize,
  ]);
}
