// Ceph through the agent on a mon host: the agent runs the `ceph` CLI with the cluster's conf
// (and keyring) given in each command, so one agent can serve any cluster its host reaches.
import type { AgentReply } from './index.js';

export const CephAgentPath = {
  status: '/ceph/status',
  capacity: '/ceph/capacity',
  mons: '/ceph/mons',
  pools: '/ceph/pools',
  poolCreate: '/ceph/pool/create',
  poolDelete: '/ceph/pool/delete',
} as const;

/** Which cluster, and as whom. Every field is optional: the defaults are the `ceph` CLI's own
 *  (/etc/ceph/ceph.conf, client.admin and its keyring from the conf). */
export interface CephClusterTarget {
  confPath?: string;
  keyringPath?: string;
  /** e.g. `client.admin`. */
  clientName?: string;
}

export interface CephCommand {
  cluster?: CephClusterTarget;
}

export interface CephClusterStatus {
  /** The cluster's identity: the management node refuses a second storage with the same fsid. */
  fsid: string;
  /** HEALTH_OK, HEALTH_WARN or HEALTH_ERR. */
  health: string;
  /** Names of the mons in quorum. */
  quorumNames: string[];
  numOsds: number;
  numUpOsds: number;
}

export interface CephStatusReply extends AgentReply {
  status: CephClusterStatus;
}

export interface CephPoolUsage {
  name: string;
  id: number;
  /** Bytes stored in the pool by its clients (before replication). */
  storedBytes: number;
  /** Raw bytes the pool takes on the OSDs (after replication). */
  usedBytes: number;
  /** What the pool can still take, given its replication and the fullest OSD. */
  availableBytes: number;
  objects: number;
}

/** `ceph df`: the raw totals of the cluster and each pool's share. */
export interface CephCapacity {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
  pools: CephPoolUsage[];
}

export interface CephCapacityReply extends AgentReply {
  fsid: string;
  capacity: CephCapacity;
}

export interface CephMon {
  name: string;
  rank: number;
  /** host:port of the mon's public address. */
  address: string;
  inQuorum: boolean;
}

export interface CephMonsReply extends AgentReply {
  fsid: string;
  mons: CephMon[];
}

export interface CephPool {
  name: string;
  id: number;
  pgNum: number;
  /** Replicas. */
  size: number;
  /** Applications enabled on it (`rbd` for ZStack's pools). */
  applications: string[];
}

export interface CephPoolsReply extends AgentReply {
  pools: CephPool[];
}

export interface CephPoolCreateCommand extends CephCommand {
  poolName: string;
  /** Placement groups; a power of two is what Ceph recommends. */
  pgNum: number;
}

export interface CephPoolCreateReply extends AgentReply {
  pool: CephPool;
  /** False when the pool was there already (creating it again is not an error). */
  created: boolean;
}

export interface CephPoolDeleteCommand extends CephCommand {
  poolName: string;
}

export interface CephPoolDeleteReply extends AgentReply {
  /** False when there was no such pool. */
  deleted: boolean;
}
