// The storage drivers of a real host, wired to one command runner (run-agent and tests that
// serve the whole route table use this).
import type { CommandRunner } from '../command-runner.js';
import type { StorageDrivers } from '../server/storage-routes.js';
import { LinuxFilesystemDriver } from './filesystem/filesystem-driver.js';
import { QemuImageCacheDriver } from './image-cache/image-cache-driver.js';
import { IscsiToolsDriver } from './iscsi/iscsi-driver.js';
import { LinuxLvmDriver } from './lvm/lvm-driver.js';

export function linuxStorageDrivers(runner: CommandRunner): StorageDrivers {
  return {
    filesystem: new LinuxFilesystemDriver(runner),
    lvm: new LinuxLvmDriver(runner),
    iscsi: new IscsiToolsDriver(runner),
    imageCache: new QemuImageCacheDriver(runner),
  };
}
