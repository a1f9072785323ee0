// Primary storage plug-ins (local/, smp/, ...) register here by type ("LocalStorage").
// The family's own handlers (attach, detach, reconnect, sync, delete) and its connect hook
// reach a storage's hosts only through this interface, never through a plug-in.
import { Injectable } from '@nestjs/common';
import type { FilesystemCapacity } from '#agent-protocol';
import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import type { PrimaryStorageEntity } from './primary-storage.entity.js';
import type { StorageHost } from './storage-hosts.js';

/** What one host's agent measured of the storage. */
export interface HostReading {
  host: StorageHost;
  capacity: FilesystemCapacity;
  /** The storage's devices as this host sees them, for a type made of devices (Shared Block's
   *  LUNs): the operator's id of each and its size in bytes. */
  devices?: { id: string; sizeBytes: number }[];
}

/** The physical figures of a whole storage; the capacity model derives the rest. */
export interface StorageMeasurement {
  totalPhysicalCapacity: number;
  availablePhysicalCapacity: number;
}

export interface PrimaryStorageBackend {
  /** Checks and normalises the url of an Add or an Update; throws SYS.1007 naming what is wrong. */
  checkUrl(url: string): string;
  /** Where the storage is on its hosts; the url itself when absent (a directory). */
  mountPathOf?(uuid: string, url: string): string;
  /** Proves every host reaches the storage (making it ready: a directory, a mount) and reads
   *  its capacity there. Throws naming every host that cannot, after undoing on the others
   *  what it did: a failed connect leaves nothing behind. */
  connect(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<HostReading[]>;
  /** The storage's physical capacity from its hosts' readings, recorded in `tx` with
   *  whatever per-host rows the type keeps; null when there is nothing to measure. */
  measure(tx: EntityManager, storage: PrimaryStorageEntity, readings: readonly HostReading[]): Promise<StorageMeasurement | null>;
  /** Where each host keeps the storage's image cache (a directory holding `imagecache/`): every
   *  host for a per-host storage, one for a shared one. Absent: the type caches no image files. */
  imageCacheDirectories?(storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): { host: StorageHost; directory: string }[];
  /** The storage is being deleted: take away what the node put outside the hosts (a Ceph
   *  storage's mon agents); best effort. */
  removed?(storage: PrimaryStorageEntity): Promise<void>;
  /** Hosts that stop using the storage (detach, delete): undo what connect did; best effort. */
  disconnect(tx: EntityManager, storage: PrimaryStorageEntity, hosts: readonly StorageHost[]): Promise<void>;
}

/** A storage every host sees whole (shared mount point, NFS): one host's reading is its capacity. */
export function sharedMeasurement(readings: readonly HostReading[]): StorageMeasurement | null {
  const first = readings[0]?.capacity;
  return first ? { totalPhysicalCapacity: first.totalBytes, availablePhysicalCapacity: first.availableBytes } : null;
}

@Injectable()
export class PrimaryStorageBackends {
  private readonly byType = new Map<string, PrimaryStorageBackend>();

  register(type: string, backend: PrimaryStorageBackend): void {
    if (this.byType.has(type)) throw new Error(`two primary storage plug-ins for type ${type}`);
    this.byType.set(type, backend);
  }

  of(type: string): PrimaryStorageBackend {
    const backend = this.byType.get(type);
    if (!backend) throw ApiError.operation(`no primary storage plug-in for type ${type}`);
    return backend;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}
