// What a discovery round changes in a host's device rows: the rows are keyed by what stays
// put across rediscovery (a PCI address, a USB port), so a device found again updates its
// row in place and is never inserted twice. Pure: the PCI and USB families apply the plan.
import type { AgentReply } from '#agent-protocol';
import { ApiError } from '#contract';
import type { EntityManager } from 'typeorm';
import type { HostAgentChannel } from '../host/host-agent-channel.js';

export interface DeviceSyncPlan<Row, Found> {
  insert: Found[];
  update: { row: Row; found: Found }[];
  /** Rows whose device the host no longer reports. */
  remove: Row[];
}

export function planDeviceSync<Row, Found>(rows: readonly Row[], found: readonly Found[], rowKey: (row: Row) => string, foundKey: (found: Found) => string): DeviceSyncPlan<Row, Found> {
  const byKey = new Map(rows.map((row) => [rowKey(row), row]));
  const plan: DeviceSyncPlan<Row, Found> = { insert: [], update: [], remove: [] };
  const seen = new Set<string>();
  for (const device of found) {
    const key = foundKey(device);
    if (seen.has(key)) continue; // the host reported it twice: one row
    seen.add(key);
    const row = byKey.get(key);
    if (row) plan.update.push({ row, found: device });
    else plan.insert.push(device);
  }
  plan.remove = rows.filter((row) => !seen.has(rowKey(row)));
  return plan;
}

/** Discovery rounds of one host run one at a time (a connect and an on-demand round at
 *  once would both insert the same new device). Held until `tx` ends. */
export async function lockHostDevices(tx: EntityManager, kind: string, hostUuid: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${kind}:${hostUuid}`]);
}

/** A host's agent, for an API: a failure becomes a ZStack operation error naming the host. */
export async function callHostAgent<T extends AgentReply>(channel: HostAgentChannel, hostUuid: string, path: string, body: object, timeoutMs = 60_000): Promise<T> {
  try {
    return await channel.call<T>(hostUuid, path, body, timeoutMs);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw ApiError.operation(`host ${hostUuid}: ${(err as Error).message}`);
  }
}
