// The bodies of the Ceph commands.
import type { CephClusterTarget } from '#agent-protocol';
import { CEPH_POOL_NAME } from '../drivers/ceph/ceph-output.js';
import { absolutePath, integer, invalid, optionalText, text } from './request-fields.js';

export function cephTargetOf(body: Record<string, unknown>): CephClusterTarget {
  const cluster = body.cluster ?? {};
  if (typeof cluster !== 'object' || cluster === null || Array.isArray(cluster)) throw invalid('cluster must be an object');
  const fields = cluster as Record<string, unknown>;
  return {
    confPath: optionalText(fields, 'confPath', absolutePath, 'must be an absolute path (cluster.confPath)'),
    keyringPath: optionalText(fields, 'keyringPath', absolutePath, 'must be an absolute path (cluster.keyringPath)'),
    clientName: optionalText(fields, 'clientName', (v) => /^[a-z]+\.[A-Za-z0-9_.-]+$/.test(v), 'must be TYPE.ID, e.g. client.admin (cluster.clientName)'),
  };
}

export function poolNameOf(body: Record<string, unknown>): string {
  return text(body, 'poolName', (v) => CEPH_POOL_NAME.test(v), 'must be letters, digits, _ . - and not start with - (a Ceph pool name)');
}

/** Default 32, as ZStack's Ceph agent creates pools. */
export const pgNumOf = (body: Record<string, unknown>): number => integer(body, 'pgNum', 32, 1, 32768);
