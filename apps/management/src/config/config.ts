// Every setting of the management node, read once from the environment.
// docs/configuration.md lists them; keep the two in step.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { StartupError } from './startup-error.js';

export interface ManagementConfig {
  port: number;
  /** Address the HTTP server binds to. */
  host: string;
  /** Base URL put in job locations; by default taken from each request's Host header. */
  publicUrl: string | null;
  databaseUrl: string | null;
  dataDir: string;
  amqpUrl: string | null;
  /** Prefix of every queue this node declares, so several installations can share a broker. */
  busPrefix: string;
  busPartitions: number;
  adminPassword: string;
  sessionTimeoutSeconds: number;
  maxSessionsPerAccount: number;
  jobResultTtlSeconds: number;
  /** How long an unfinished job waits before any node re-publishes it (lost-publish recovery). */
  jobRecoverAfterSeconds: number;
  webhookSecret: string | null;
  /** Seals secrets at rest (host passwords, secret job parameters); null: the key file in dataDir. */
  secretKey: string | null;
  /** Retired keys: what they sealed still opens, and is re-sealed under secretKey at start. */
  secretOldKeys: string[];
  /** Failed logins in a row (per account, per client address) before logins are refused for a while. */
  loginMaxFailures: number;
  /** How long the first refusal lasts; each further failure doubles it (at most 15 minutes). */
  loginLockoutMs: number;
  /** Addresses a webhook may call even though they are link-local or cloud metadata (refused by default). */
  webhookAllowPrivileged: boolean;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (login throttling). */
  trustProxy: boolean;
  /** Hosts a webhook may call; empty means any. */
  webhookAllowedHosts: string[];
  webhookRetryForSeconds: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
  queryMaxLimit: number;
  logLevel: string;
  nodeId: string;
  /** The agent bundle uploaded to KVM hosts (built by `npm run build`). */
  agentBundlePath: string;
  /** Port every KVM host's agent listens on (ZStack's kvmagent uses 7070). */
  kvmAgentPort: number;
  /** Port the agent of an ImageStore backup storage's host listens on (its downloads too):
   *  another than the KVM agent's, as one machine may be both. ZStack's imagestore uses 8000. */
  imageStoreAgentPort: number;
  /** The port of the agent the node deploys on each Ceph mon host. */
  cephMonAgentPort: number;
  /** The ceph.conf the mons' agents use; null: the ceph CLI's own default (/etc/ceph/ceph.conf). */
  cephConfPath: string | null;
  /** A KVM host without hardware virtualisation (no vmx/svm, no /dev/kvm) is accepted, its
   *  guests running under QEMU's emulation (labs, nested test machines); refused by default. */
  kvmAllowEmulation: boolean;
  /** libvirt URI the agents' virsh uses; `test:///default` drives libvirt's test driver. */
  kvmLibvirtUri: string;
  /** How often each connected host is pinged. */
  hostPingIntervalMs: number;
  /** Missed pings in a row after which a host is Disconnected. */
  hostPingMaxMisses: number;
  /** How long one ping may take before it counts as missed. */
  hostPingTimeoutMs: number;
  /** Pings in flight at once per node. */
  hostPingConcurrency: number;
  /** How often this node tells the others it is alive; 3 missed beats and it is dead. */
  nodeHeartbeatIntervalMs: number;
  /** Deadline for opening an SSH connection to a host: TCP connect, handshake and login. */
  sshConnectTimeoutMs: number;
  /** Deadline for one SSH command or file operation (the agent upload, each step of a deployment). */
  sshCommandTimeoutMs: number;
  /** Base URL agents call back for long operations; by default http://<this node's address toward the host>:<port>. */
  agentCallbackUrl: string | null;
  /** How often a ping of a host re-measures the primary storage of its cluster (at most; 0: never). */
  primaryStorageRefreshIntervalMs: number;
  /** How long a graceful StopVmInstance/RebootVmInstance waits for the guest's ACPI shutdown before destroying it. */
  vmGracefulStopMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new StartupError(`${name} must be a non-negative integer, got "${raw}"; fix it or unset it for the default (${fallback})`);
  return value;
}

/** Seconds, fractions allowed (tests ping every 0.5 s), as milliseconds. `zeroMeansNever`: 0 is
 *  allowed and turns the periodic work off. */
function seconds(env: NodeJS.ProcessEnv, name: string, fallbackSeconds: number, zeroMeansNever = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackSeconds * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroMeansNever)) {
    throw new StartupError(`${name} must be a ${zeroMeansNever ? 'non-negative' : 'positive'} number of seconds, got "${raw}"; fix it or unset it for the default (${fallbackSeconds})`);
  }
  return Math.round(value * 1000);
}

/** The agent bundle next to this build: dist/agent/zstack-agent.mjs at the project root. */
function defaultAgentBundle(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'agent', 'zstack-agent.mjs');
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

function port(env: NodeJS.ProcessEnv): number {
  const value = int(env, 'PORT', 8080);
  if (value < 1 || value > 65535) throw new StartupError(`PORT must be a TCP port (1-65535), got "${env.PORT}"; fix it or unset it for the default (8080)`);
  return value;
}

/** Only PostgreSQL: TypeORM would take another scheme and still speak PostgreSQL to it. */
function databaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL;
  if (!raw) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new StartupError(
      `DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database), got ${scheme ? `a ${scheme}:// URL` : 'no URL'}; fix it, or unset it for the embedded database in ZSTACK_DATA_DIR`,
    );
  }
  return raw;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function logLevel(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(level)) throw new StartupError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"; fix it or unset it for the default (info)`);
  return level;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ManagementConfig {
  return {
    port: port(env),
    host: env.ZSTACK_BIND_ADDRESS || '0.0.0.0',
    publicUrl: env.ZSTACK_PUBLIC_URL?.replace(/\/+$/, '') || null,
    databaseUrl: databaseUrl(env),
    dataDir: env.ZSTACK_DATA_DIR || './data',
    amqpUrl: env.AMQP_URL || null,
    busPrefix: env.ZSTACK_BUS_PREFIX || 'zstack',
    busPartitions: int(env, 'ZSTACK_BUS_PARTITIONS', 16) || 16,
    adminPassword: env.ZSTACK_ADMIN_PASSWORD || 'password',
    sessionTimeoutSeconds: int(env, 'ZSTACK_SESSION_TIMEOUT', 7200),
    maxSessionsPerAccount: int(env, 'ZSTACK_MAX_SESSIONS_PER_ACCOUNT', 500),
    jobResultTtlSeconds: int(env, 'ZSTACK_JOB_RESULT_TTL', 2 * 24 * 3600),
    jobRecoverAfterSeconds: int(env, 'ZSTACK_JOB_RECOVER_AFTER', 300),
    webhookSecret: env.ZSTACK_WEBHOOK_SECRET || null,
    secretKey: env.ZSTACK_SECRET_KEY || null,
    secretOldKeys: (env.ZSTACK_SECRET_OLD_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    loginMaxFailures: int(env, 'ZSTACK_LOGIN_MAX_FAILURES', 5) || 5,
    loginLockoutMs: seconds(env, 'ZSTACK_LOGIN_LOCKOUT', 2),
    webhookAllowPrivileged: env.ZSTACK_WEBHOOK_ALLOW_LINK_LOCAL === 'true',
    trustProxy: env.ZSTACK_TRUST_PROXY === 'true',
    webhookAllowedHosts: list(env.ZSTACK_WEBHOOK_ALLOWED_HOSTS),
    webhookRetryForSeconds: int(env, 'ZSTACK_WEBHOOK_RETRY_FOR', 3600),
    webhookRetryBaseMs: int(env, 'ZSTACK_WEBHOOK_RETRY_BASE_MS', 1000),
    webhookTimeoutMs: int(env, 'ZSTACK_WEBHOOK_TIMEOUT_MS', 10000),
    queryMaxLimit: int(env, 'ZSTACK_QUERY_MAX_LIMIT', 10000),
    logLevel: logLevel(env),
    nodeId: env.ZSTACK_NODE_ID || `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    agentBundlePath: env.ZSTACK_AGENT_BUNDLE || defaultAgentBundle(),
    kvmAgentPort: int(env, 'ZSTACK_KVM_AGENT_PORT', 7070) || 7070,
    imageStoreAgentPort: int(env, 'ZSTACK_IMAGE_STORE_AGENT_PORT', 7071) || 7071,
    cephMonAgentPort: int(env, 'ZSTACK_CEPH_MON_AGENT_PORT', 7072) || 7072,
    cephConfPath: env.ZSTACK_CEPH_CONF || null,
    kvmAllowEmulation: env.ZSTACK_KVM_ALLOW_EMULATION === 'true',
    kvmLibvirtUri: env.ZSTACK_KVM_LIBVIRT_URI || 'qemu:///system',
    hostPingIntervalMs: seconds(env, 'ZSTACK_HOST_PING_INTERVAL', 60),
    hostPingMaxMisses: int(env, 'ZSTACK_HOST_PING_MAX_MISSES', 3) || 3,
    hostPingTimeoutMs: seconds(env, 'ZSTACK_HOST_PING_TIMEOUT', 5),
    hostPingConcurrency: int(env, 'ZSTACK_HOST_PING_CONCURRENCY', 256) || 256,
    nodeHeartbeatIntervalMs: seconds(env, 'ZSTACK_NODE_HEARTBEAT_INTERVAL', 5),
    primaryStorageRefreshIntervalMs: seconds(env, 'ZSTACK_PRIMARY_STORAGE_REFRESH_INTERVAL', 300, true),
    vmGracefulStopMs: seconds(env, 'ZSTACK_VM_STOP_TIMEOUT', 60),
    sshConnectTimeoutMs: seconds(env, 'ZSTACK_SSH_CONNECT_TIMEOUT', 15),
    sshCommandTimeoutMs: seconds(env, 'ZSTACK_SSH_COMMAND_TIMEOUT', 120),
    agentCallbackUrl: env.ZSTACK_AGENT_CALLBACK_URL?.replace(/\/+$/, '') || null,
  };
}

export const MANAGEMENT_CONFIG = Symbol('ManagementConfig');
