// Brings a primary storage and its hosts together: proves the hosts reach it (through its
// plug-in), records the capacity they measured and the storage's status. Attach, reconnect,
// capacity sync and the host connect hook all go through here.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { ClusterRepository } from '../cluster/cluster.repository.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { CapacityReservations } from './capacity-reservations.js';
import { PrimaryStorageBackends } from './primary-storage-backends.js';
import { PrimaryStorageClusterRefEntity, PrimaryStorageEntity } from './primary-storage.entity.js';
import { lockedForUpdateOrFail, primaryStorageInventory, primaryStorageOrFail } from './primary-storage.repository.js';
import type { Inventory } from '../resource/inventory.js';
import { type PrimaryStorageStatusEvent, PrimaryStorageStatusMachine } from './primary-storage-state-machines.js';
import { attachedClusterUuids, connectedHostsOf, type StorageHost } from './storage-hosts.js';

@Injectable()
export class PrimaryStorageConnector {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly backends: PrimaryStorageBackends,
    private readonly capacity: CapacityReservations,
    private readonly clusters: ClusterRepository,
  ) {}

  /** Re-measures the storage on the Connected hosts of its clusters (and `joining`, a host
   *  being connected); the storage ends Connected, or Disconnected when a host cannot reach
   *  it, and the error says which host and why. */
  async refresh(uuid: string, joining: readonly StorageHost[] = []): Promise<void> {
    const storage = await primaryStorageOrFail(this.db.manager, uuid);
    const hosts = await this.hostsOf(storage, joining);
    const backend = this.backends.of(storage.type);
    try {
      const readings = await backend.connect(storage, hosts);
      await this.db.transaction(async (tx) => {
        const measured = await backend.measure(tx, storage, readings);
        if (measured) await this.capacity.refresh(uuid, measured, tx);
        await this.moveStatus(tx, uuid, 'connected');
      });
    } catch (err) {
      await this.moveStatus(this.db.manager, uuid, 'disconnected');
      throw err;
    }
  }

  /** ReconnectPrimaryStorage and SyncPrimaryStorageCapacity: refresh, then the storage's inventory. */
  async refreshed(uuid: string): Promise<Inventory> {
    await primaryStorageOrFail(this.db.manager, uuid);
    await this.refresh(uuid);
    return primaryStorageInventory(this.db.manager, uuid);
  }

  /** Attaches the storage to a cluster only when every Connected host of it (and of the
   *  clusters it is attached to already) reaches it; otherwise nothing is recorded. */
  async attach(storage: PrimaryStorageEntity, clusterUuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<void> {
    const newHosts = await connectedHostsOf(this.db.manager, [clusterUuid]);
    const hosts = await this.hostsOf(storage, newHosts);
    const backend = this.backends.of(storage.type);
    await onStep?.(`reach the storage from ${hosts.length} hosts`, 10);
    const readings = await backend.connect(storage, hosts);
    await onStep?.('record the attachment and capacity', 90);
    await this.db.transaction(async (tx) => {
      // A DeleteCluster or DeletePrimaryStorage meanwhile waits, or has won and this fails
      // cleanly; the storage's row is locked for update, as this transaction updates it.
      await this.clusters.lockedOrFail(tx, clusterUuid);
      await lockedForUpdateOrFail(tx, storage.uuid);
      await tx.getRepository(PrimaryStorageClusterRefEntity).insert({ primaryStorageUuid: storage.uuid, clusterUuid, createDate: new Date() });
      const measured = await backend.measure(tx, storage, readings);
      if (measured) await this.capacity.refresh(storage.uuid, measured, tx);
      await this.moveStatus(tx, storage.uuid, 'connected');
    });
  }

  /** Detaches the storage from a cluster: its hosts stop using it, the rest is re-measured. */
  async detach(storage: PrimaryStorageEntity, clusterUuid: string): Promise<void> {
    const leaving = await connectedHostsOf(this.db.manager, [clusterUuid]);
    const backend = this.backends.of(storage.type);
    await this.db.transaction(async (tx) => {
      await tx.getRepository(PrimaryStorageClusterRefEntity).delete({ primaryStorageUuid: storage.uuid, clusterUuid });
      await backend.disconnect(tx, storage, leaving);
    });
    const remaining = await this.hostsOf(storage, []);
    const readings = remaining.length ? await backend.connect(storage, remaining).catch(() => null) : [];
    if (readings) {
      await this.db.transaction(async (tx) => {
        const measured = await backend.measure(tx, storage, readings);
        if (measured) await this.capacity.refresh(storage.uuid, measured, tx);
      });
    }
  }

  private async hostsOf(storage: PrimaryStorageEntity, joining: readonly StorageHost[]): Promise<StorageHost[]> {
    const attached = await connectedHostsOf(this.db.manager, await attachedClusterUuids(this.db.manager, storage.uuid));
    const known = new Set(attached.map((h) => h.uuid));
    return [...attached, ...joining.filter((h) => !known.has(h.uuid))];
  }

  private async moveStatus(db: EntityManager, uuid: string, event: PrimaryStorageStatusEvent): Promise<void> {
    const storage = await db.getRepository(PrimaryStorageEntity).findOneBy({ uuid });
    if (!storage) throw ApiError.notFound(`primary storage ${uuid} does not exist`);
    const status = PrimaryStorageStatusMachine.next(storage.status as never, event);
    if (status !== storage.status) await db.getRepository(PrimaryStorageEntity).update({ uuid }, { status, lastOpDate: new Date() });
  }
}
