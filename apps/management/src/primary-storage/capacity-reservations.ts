// The capacity model of a primary storage, changed only by single SQL statements so that
// concurrent reservations, releases and refreshes never lose one another's change:
//   totalCapacity       = totalPhysicalCapacity (what the hosts' agents measured)
//   systemUsedCapacity  = totalPhysical - availablePhysical (what is used outside ZStack)
//   availableCapacity   = total - systemUsed - reserved
// A refresh moves availableCapacity by the change of (total - systemUsed), so what
// reservations hold stays reserved however often the hosts are re-measured.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { rowsOf } from '../database/sql.js';
import type { StorageMeasurement } from './primary-storage-backends.js';

@Injectable()
export class CapacityReservations {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Takes `bytes` of the storage's available capacity; false (and nothing taken) when it has not that much. */
  async reserve(primaryStorageUuid: string, bytes: number, db: EntityManager = this.db.manager): Promise<boolean> {
    const rows = rowsOf<{ uuid: string }>(
      await db.query(
        `UPDATE "primary_storage" SET "availableCapacity" = "availableCapacity" - $2 WHERE "uuid" = $1 AND "availableCapacity" >= $2 RETURNING "uuid"`,
        [primaryStorageUuid, bytes],
      ),
    );
    return rows.length === 1;
  }

  /** Gives back what a reservation took. */
  async release(primaryStorageUuid: string, bytes: number, db: EntityManager = this.db.manager): Promise<void> {
    await db.query(`UPDATE "primary_storage" SET "availableCapacity" = "availableCapacity" + $2 WHERE "uuid" = $1`, [primaryStorageUuid, bytes]);
  }

  /** Records a new measurement; reservations are kept (see the file's comment). */
  async refresh(primaryStorageUuid: string, m: StorageMeasurement, db: EntityManager = this.db.manager): Promise<void> {
    const total = m.totalPhysicalCapacity;
    const systemUsed = Math.max(0, m.totalPhysicalCapacity - m.availablePhysicalCapacity);
    await db.query(
      `UPDATE "primary_storage" SET
         "availableCapacity" = "availableCapacity" + ($2 - "totalCapacity") - ($4 - "systemUsedCapacity"),
         "totalCapacity" = $2, "totalPhysicalCapacity" = $2, "availablePhysicalCapacity" = $3, "systemUsedCapacity" = $4
       WHERE "uuid" = $1`,
      [primaryStorageUuid, total, m.availablePhysicalCapacity, systemUsed],
    );
  }

  /** What reservations hold now: total - systemUsed - available. */
  async reserved(primaryStorageUuid: string, db: EntityManager = this.db.manager): Promise<number> {
    const [row] = rowsOf<{ reserved: string }>(
      await db.query(`SELECT "totalCapacity" - "systemUsedCapacity" - "availableCapacity" AS "reserved" FROM "primary_storage" WHERE "uuid" = $1`, [primaryStorageUuid]),
    );
    return Number(row.reserved);
  }
}
