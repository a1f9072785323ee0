// The storage paths: one handler a path, each a checked body handed to its driver.
import {
  StorageAgentPath,
  type AgentReply,
  type BlockDisksReply,
  type FilesystemCapacityReply,
  type ImageCacheCleanUpReply,
  type IscsiDiscoverReply,
  type MarkerReadReply,
  type MountsReply,
  type NfsMountReply,
  type NfsUnmountReply,
  type VolumeGroupRemoveReply,
  VolumeGroupReply,
} from '#agent-protocol';
import type { FilesystemDriver } from '../drivers/filesystem/filesystem-driver.js';
import type { ImageCacheDriver } from '../drivers/image-cache/image-cache-driver.js';
import type { IscsiDriver } from '../drivers/iscsi/iscsi-driver.js';
import type { LvmDriver } from '../drivers/lvm/lvm-driver.js';
import { imageCacheCleanUpOf, iscsiDiscoverCommandOf, markerCommandOf, nfsMountCommandOf, storagePathOf, volumeGroupCommandOf, volumeGroupReportOf } from './storage-requests.js';

export interface StorageDrivers {
  filesystem: FilesystemDriver;
  lvm: LvmDriver;
  iscsi: IscsiDriver;
  imageCache: ImageCacheDriver;
}

type Handler = (body: Record<string, unknown>) => Promise<AgentReply>;

const ok = { success: true, error: null } as const;

export function storageRoutes({ filesystem, lvm, iscsi, imageCache }: StorageDrivers): [string, Handler][] {
  return [
    [StorageAgentPath.filesystemPrepare, async (body): Promise<FilesystemCapacityReply> => ({ ...ok, capacity: await filesystem.prepare(storagePathOf(body).path) })],
    [StorageAgentPath.filesystemCapacity, async (body): Promise<FilesystemCapacityReply> => ({ ...ok, capacity: await filesystem.capacity(storagePathOf(body).path) })],
    [
      StorageAgentPath.markerWrite,
      async (body): Promise<AgentReply> => {
        const { directory, token } = markerCommandOf(body);
        await filesystem.writeMarker(directory, token);
        return ok;
      },
    ],
    [
      StorageAgentPath.markerRead,
      async (body): Promise<MarkerReadReply> => {
        const { directory, token } = markerCommandOf(body);
        return { ...ok, found: await filesystem.readMarker(directory, token) };
      },
    ],
    [
      StorageAgentPath.markerRemove,
      async (body): Promise<AgentReply> => {
        const { directory, token } = markerCommandOf(body);
        await filesystem.removeMarker(directory, token);
        return ok;
      },
    ],
    [StorageAgentPath.mounts, async (): Promise<MountsReply> => ({ ...ok, mounts: await filesystem.mounts() })],
    [StorageAgentPath.nfsMount, async (body): Promise<NfsMountReply> => ({ ...ok, ...(await filesystem.mountNfs(nfsMountCommandOf(body))) })],
    [StorageAgentPath.nfsUnmount, async (body): Promise<NfsUnmountReply> => ({ ...ok, unmounted: await filesystem.unmount(storagePathOf(body).path) })],
    [StorageAgentPath.blockDisks, async (): Promise<BlockDisksReply> => ({ ...ok, disks: await lvm.disks() })],
    [
      StorageAgentPath.volumeGroupCreate,
      async (body): Promise<VolumeGroupReply> => {
        const { vgName, disks } = volumeGroupCommandOf(body);
        return { ...ok, ...(await lvm.createVolumeGroup(vgName, disks)) };
      },
    ],
    [
      StorageAgentPath.volumeGroupExtend,
      async (body): Promise<VolumeGroupReply> => {
        const { vgName, disks } = volumeGroupCommandOf(body);
        return { ...ok, ...(await lvm.extendVolumeGroup(vgName, disks)) };
      },
    ],
    [StorageAgentPath.volumeGroupReport, async (body): Promise<VolumeGroupReply> => ({ ...ok, ...(await lvm.report(volumeGroupReportOf(body).vgName)) })],
    [StorageAgentPath.volumeGroupRemove, async (body): Promise<VolumeGroupRemoveReply> => ({ ...ok, removed: await lvm.removeVolumeGroup(volumeGroupReportOf(body).vgName) })],
    [StorageAgentPath.imageCacheCleanUp, async (body): Promise<ImageCacheCleanUpReply> => ({ ...ok, ...(await imageCache.cleanUp(imageCacheCleanUpOf(body))) })],
    [StorageAgentPath.iscsiDiscover, async (body): Promise<IscsiDiscoverReply> => ({ ...ok, ...(await iscsi.discover(iscsiDiscoverCommandOf(body))) })],
  ];
}
