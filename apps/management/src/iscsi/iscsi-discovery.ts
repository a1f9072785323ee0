// Discovery of an iSCSI portal's targets and LUNs, run by a host's agent (its iscsi driver:
// libiscsi's iscsi-ls, or iscsiadm sendtargets). The CHAP secret goes to the agent in the
// body only; the agent masks it in its errors and logs.
import { Inject, Injectable } from '@nestjs/common';
import { type IscsiChap, type IscsiDiscoverReply, StorageAgentPath } from '#agent-protocol';
import { ApiError } from '#contract';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostAgentChannel } from '../host/host-agent-channel.js';
import { onEveryHost } from '../primary-storage/on-every-host.js';
import { anyConnectedHost, connectedHostsOf, describeHost, type StorageHost } from '../primary-storage/storage-hosts.js';

/** What discovery needs of a server. */
export interface IscsiPortal {
  ip: string;
  port: number;
  chapUserName: string | null;
  chapUserPassword: string | null;
}

/** iSCSI logins and reports can be slow on a busy target. */
const DISCOVERY_TIMEOUT_MS = 120_000;

export const portalOf = (p: Pick<IscsiPortal, 'ip' | 'port'>): string => `${p.ip.includes(':') ? `[${p.ip}]` : p.ip}:${p.port}`;

function chapOf(p: IscsiPortal): IscsiChap | undefined {
  return p.chapUserName ? { username: p.chapUserName, password: p.chapUserPassword ?? '' } : undefined;
}

@Injectable()
export class IscsiDiscovery {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly channel: HostAgentChannel,
  ) {}

  /** Discovers through a Connected host of the server's clusters, or any Connected host. */
  async discover(portal: IscsiPortal, clusterUuids: readonly string[] = []): Promise<IscsiDiscoverReply> {
    const [host] = await connectedHostsOf(this.db.manager, clusterUuids);
    const through = host ?? (await anyConnectedHost(this.db.manager));
    if (!through) throw ApiError.operation(`no Connected host to discover iSCSI portal ${portalOf(portal)} through: add a host first`);
    return this.discoverOn(through, portal).catch((err: Error) => {
      throw ApiError.operation(`discovery of iSCSI portal ${portalOf(portal)} through ${describeHost(through)} failed: ${err.message}`);
    });
  }

  /** Every host must reach the portal (attaching the server to their cluster). */
  async discoverOnEvery(hosts: readonly StorageHost[], portal: IscsiPortal): Promise<void> {
    await onEveryHost(hosts, `discovery of iSCSI portal ${portalOf(portal)}`, (host) => this.discoverOn(host, portal));
  }

  private discoverOn(host: StorageHost, portal: IscsiPortal): Promise<IscsiDiscoverReply> {
    return this.channel.call<IscsiDiscoverReply>(host.uuid, StorageAgentPath.iscsiDiscover, { portal: portalOf(portal), chap: chapOf(portal) }, DISCOVERY_TIMEOUT_MS);
  }
}
