// The backup storage types a plug-in registers (ImageStore, later Ceph): the family's
// generic APIs (ReconnectBackupStorage, DeleteBackupStorage, GetBackupStorageTypes) reach
// the type's own work only through this registry.
import { Injectable } from '@nestjs/common';
import { ApiError } from '#contract';

export interface BackupStorageCapacity {
  totalBytes: number;
  availableBytes: number;
}

/** An image as a backup storage holds it. */
export interface StoredImage {
  /** Real size in bytes, as received. */
  size: number;
  md5: string;
  sha256: string;
  /** Where it is on the storage (ImageBackupStorageRefInventory.installPath). */
  installPath: string;
}

/** Checksums the content must have (hex); a mismatch keeps nothing. */
export interface ExpectedChecksums {
  expectedMd5?: string;
  expectedSha256?: string;
}

/** `percent` of bytes received (null while the size is unknown). */
export type ImportProgress = (percent: number | null, bytes: number) => Promise<void>;

export interface BackupStorageBackend {
  /** ZStack's type name, e.g. `ImageStore`. */
  readonly type: string;
  /** Reaches the storage (deploying what it needs) and reads its capacity; throws why not. */
  connect(backupStorageUuid: string, onStep?: (step: string, percent: number) => Promise<void>): Promise<BackupStorageCapacity>;
  /** Takes away what the node put on the storage's host(s); the images stay. Best effort. */
  remove(backupStorageUuid: string): Promise<void>;
  /** Imports `url` (http(s), or a file on the storage's host) as image `imageUuid`; on
   *  failure nothing of it is kept and the error says why (404, checksum mismatch...). */
  importImage(backupStorageUuid: string, imageUuid: string, url: string, expected: ExpectedChecksums, onProgress: ImportProgress): Promise<StoredImage>;
  /** Forgets the image; its content is freed by a reclaim once no image uses it. */
  deleteImage(backupStorageUuid: string, imageUuid: string): Promise<void>;
  /** A URL anyone may download the image from until it expires (also the source of a migration). */
  exportImage(backupStorageUuid: string, imageUuid: string): Promise<{ url: string; expiresAt: string }>;
  /** Ends an export: its URL answers no more. */
  deleteExport(backupStorageUuid: string, imageUuid: string): Promise<void>;
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
