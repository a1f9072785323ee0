// The hosts a primary storage lives on: the Connected hosts of the clusters it is attached
// to. The host family has no injectable query for "hosts of these clusters" yet, so this
// reads the host table's public columns (the ones HostInventory shows) and nothing else.
import { In, type EntityManager } from 'typeorm';
import { PrimaryStorageClusterRefEntity } from './primary-storage.entity.js';

export interface StorageHost {
  uuid: string;
  name: string;
  managementIp: string;
  clusterUuid: string;
}

/** The Connected hosts of these clusters, in a stable order. */
export async function connectedHostsOf(db: EntityManager, clusterUuids: readonly string[]): Promise<StorageHost[]> {
  if (!clusterUuids.length) return [];
  return db.query(
    `SELECT "uuid", "name", "managementIp", "clusterUuid" FROM "host" WHERE "clusterUuid" = ANY($1) AND "status" = 'Connected' ORDER BY "uuid"`,
    [[...clusterUuids]],
  );
}

export async function attachedClusterUuids(db: EntityManager, primaryStorageUuid: string): Promise<string[]> {
  const refs = await db.getRepository(PrimaryStorageClusterRefEntity).find({ where: { primaryStorageUuid }, order: { createDate: 'ASC' } });
  return refs.map((r) => r.clusterUuid);
}

export async function storagesAttachedTo(db: EntityManager, clusterUuids: readonly string[]): Promise<string[]> {
  const refs = await db.getRepository(PrimaryStorageClusterRefEntity).find({ where: { clusterUuid: In([...clusterUuids]) } });
  return [...new Set(refs.map((r) => r.primaryStorageUuid))];
}

export const describeHost = (h: StorageHost): string => `host ${h.name} (${h.managementIp})`;

/** Some Connected host, for work any host can do (discovering an iSCSI portal); null when none is. */
export async function anyConnectedHost(db: EntityManager): Promise<StorageHost | null> {
  const [host] = await db.query(`SELECT "uuid", "name", "managementIp", "clusterUuid" FROM "host" WHERE "status" = 'Connected' ORDER BY "uuid" LIMIT 1`);
  return (host as StorageHost | undefined) ?? null;
}
