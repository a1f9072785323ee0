// Checks the bodies of the storage commands: paths absolute and plain, NFS exports and options
// from the allow-list, volume group names and disk ids LVM accepts, portals and CHAP text the
// iSCSI URL carries intact. A bad body answers 400 SYS.1007 naming the field (never echoing a
// CHAP secret), before anything runs on the host.
import type { ImageCacheCleanUpCommand, IscsiDiscoverCommand, MarkerCommand, NfsMountCommand, StoragePathCommand, VolumeGroupCommand, VolumeGroupReportCommand } from '#agent-protocol';
import { posix } from 'node:path';
import { badRequest } from '../agent-errors.js';
import { NfsArgumentError, nfsMountOptions, parseNfsUrl } from '../drivers/filesystem/nfs-mount-options.js';
import { CHAP_TEXT, parsePortal } from '../drivers/iscsi/iscsi-portal.js';

/** An absolute path without `..`, NUL or newlines, trailing slashes dropped (as findmnt shows mount points). */
function absolutePath(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\0\n]/.test(value) || value.split('/').includes('..')) {
    throw badRequest(`${field} must be an absolute path without ".."`);
  }
  const normalized = posix.normalize(value);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

export function storagePathOf(body: Record<string, unknown>): StoragePathCommand {
  return { path: absolutePath(body.path, 'path') };
}

export function imageCacheCleanUpOf(body: Record<string, unknown>): ImageCacheCleanUpCommand {
  const { keepImageUuids } = body;
  if (!Array.isArray(keepImageUuids) || !keepImageUuids.every((u) => typeof u === 'string' && /^[0-9a-f]{32}$/.test(u))) {
    throw badRequest('keepImageUuids must be an array of uuids (32 lowercase hex digits)');
  }
  return { directory: absolutePath(body.directory, 'directory'), keepImageUuids };
}

export function markerCommandOf(body: Record<string, unknown>): MarkerCommand {
  if (typeof body.token !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(body.token)) throw badRequest('token must be 1 to 64 letters, digits or "-"');
  return { directory: absolutePath(body.directory, 'directory'), token: body.token };
}

export function nfsMountCommandOf(body: Record<string, unknown>): NfsMountCommand {
  const { url, options = [] } = body;
  if (typeof url !== 'string') throw badRequest('url must be server:/export/path');
  if (!Array.isArray(options) || !options.every((o) => typeof o === 'string')) throw badRequest('options must be an array of mount options');
  try {
    parseNfsUrl(url);
    nfsMountOptions(options as string[]);
  } catch (err) {
    if (err instanceof NfsArgumentError) throw badRequest(err.message);
    throw err;
  }
  return { url, mountPoint: absolutePath(body.mountPoint, 'mountPoint'), options: options as string[] };
}

/** What vgcreate accepts as a name, less what would read as an option or a path. */
const VG_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/;
const DISK_ID = /^(\/dev\/[A-Za-z0-9._+:/-]+|wwn:[A-Za-z0-9.:-]+|serial:[A-Za-z0-9._:-]+)$/;

export function volumeGroupReportOf(body: Record<string, unknown>): VolumeGroupReportCommand {
  const { vgName } = body;
  if (typeof vgName !== 'string' || !VG_NAME.test(vgName) || vgName === '.' || vgName === '..') {
    throw badRequest('vgName must be 1 to 127 letters, digits or +_.- and not start with "-"');
  }
  return { vgName };
}

export function volumeGroupCommandOf(body: Record<string, unknown>): VolumeGroupCommand {
  const { disks } = body;
  if (!Array.isArray(disks) || disks.length === 0 || !disks.every((d) => typeof d === 'string' && DISK_ID.test(d) && !d.includes('..'))) {
    throw badRequest('disks must be a non-empty array of /dev paths, wwn:<wwn> or serial:<serial>');
  }
  if (new Set(disks).size !== disks.length) throw badRequest('disks names a disk twice');
  return { ...volumeGroupReportOf(body), disks: disks as string[] };
}

export function iscsiDiscoverCommandOf(body: Record<string, unknown>): IscsiDiscoverCommand {
  const { portal, chap } = body;
  if (typeof portal !== 'string' || parsePortal(portal) === null) throw badRequest('portal must be host or host:port (IPv6 in brackets)');
  if (chap === undefined || chap === null) return { portal };
  const { username, password } = typeof chap === 'object' ? (chap as Record<string, unknown>) : {};
  if (typeof username !== 'string' || !CHAP_TEXT.test(username)) {
    throw badRequest('chap.username must be 1 to 255 characters without spaces, "%", "@", "/" or ":"');
  }
  if (typeof password !== 'string' || !CHAP_TEXT.test(password)) {
    throw badRequest('chap.password must be 1 to 255 characters without spaces, "%", "@", "/" or ":"');
  }
  return { portal, chap: { username, password } };
}
