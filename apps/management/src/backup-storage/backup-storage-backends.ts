// The backup storage types a plug-in registers (ImageStore, later Ceph): the family's
// generic APIs (ReconnectBackupStorage, DeleteBackupStorage, GetBackupStorageTypes) reach
// the type's own work only through this registry.
import { Injectable } from '@nestjs/common';
import { ApiError } from '#contract';

export interface BackupStorageCapacity {
  totalBytes: number;
  availableBytes: number;
}

export interface BackupStorageBackend {
  /** ZStack's type name, e.g. `ImageStore`. */
  readonly type: string;
  /** Reaches the storage (deploying what it needs) and reads its capacity; throws why not. */
  connect(backupStorageUuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<BackupStorageCapacity>;
  /** Takes away what the node put on the storage's host(s); the images stay. Best effort. */
  remove(backupStorageUuid: string): Promise<void>;
}

@Injectable()
export class BackupStorageBackends {
  private readonly byType = new Map<string, BackupStorageBackend>();

  register(backend: BackupStorageBackend): void {
    if (this.byType.has(backend.type)) throw new Error(`backup storage type ${backend.type} is registered twice`);
    this.byType.set(backend.type, backend);
  }

  of(type: string): BackupStorageBackend {
    const backend = this.byType.get(type);
    if (!backend) throw ApiError.operation(`backup storage type ${type} is not supported by this management node`);
    return backend;
  }

  types(): string[] {
    return [...this.byType.keys()].sort();
  }
}
