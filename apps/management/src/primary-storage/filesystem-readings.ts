// What the file-system types (local storage, shared mount point) ask of every host: make the
// directory ready, then measure it. Measuring is a round of its own, after every host has
// finished preparing: a host's write probe (or a marker file) takes a block on a shared file
// system, and a reading taken while another host's probe exists would be that block short.
import { type FilesystemCapacityReply, StorageAgentPath } from '#agent-protocol';
import type { HostAgentChannel } from '../host/host-agent-channel.js';
import { onEveryHost } from './on-every-host.js';
import type { HostReading } from './primary-storage-backends.js';
import type { StorageHost } from './storage-hosts.js';

/** Creates (when missing) the directory on every host and proves it writable. */
export async function prepareOnEveryHost(channel: HostAgentChannel, hosts: readonly StorageHost[], path: string, what: string): Promise<void> {
  await onEveryHost(hosts, what, (host) => channel.call<FilesystemCapacityReply>(host.uuid, StorageAgentPath.filesystemPrepare, { path }));
}

/** `df` of the directory on every host; fails on a host where it does not exist. */
export async function measureOnEveryHost(channel: HostAgentChannel, hosts: readonly StorageHost[], path: string, what: string): Promise<HostReading[]> {
  return onEveryHost(hosts, what, async (host) => ({ host, capacity: (await channel.call<FilesystemCapacityReply>(host.uuid, StorageAgentPath.filesystemCapacity, { path })).capacity }));
}
