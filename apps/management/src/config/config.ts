// Every setting of the management node, read once from the environment.
// docs/configuration.md lists them; keep the two in step.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

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
  /** Hosts a webhook may call; empty means any. */
  webhookAllowedHosts: string[];
  webhookRetryForSeconds: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
  queryMaxLimit: number;
  logLevel: string;
  nodeId: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ManagementConfig {
  return {
    port: int(env, 'PORT', 8080),
    host: env.ZSTACK_BIND_ADDRESS || '0.0.0.0',
    publicUrl: env.ZSTACK_PUBLIC_URL?.replace(/\/+$/, '') || null,
    databaseUrl: env.DATABASE_URL || null,
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
    webhookAllowedHosts: list(env.ZSTACK_WEBHOOK_ALLOWED_HOSTS),
    webhookRetryForSeconds: int(env, 'ZSTACK_WEBHOOK_RETRY_FOR', 3600),
    webhookRetryBaseMs: int(env, 'ZSTACK_WEBHOOK_RETRY_BASE_MS', 1000),
    webhookTimeoutMs: int(env, 'ZSTACK_WEBHOOK_TIMEOUT_MS', 10000),
    queryMaxLimit: int(env, 'ZSTACK_QUERY_MAX_LIMIT', 10000),
    logLevel: env.LOG_LEVEL || 'info',
    nodeId: env.ZSTACK_NODE_ID || `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
  };
}

export const MANAGEMENT_CONFIG = Symbol('ManagementConfig');
