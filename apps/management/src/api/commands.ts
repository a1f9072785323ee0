// Every API with a handler, by family. A family adds its list here; nothing else
// needs to know which APIs exist (the REST layer answers 501 for the rest).
import { APIS } from '#contract';
import { CLUSTER_COMMANDS } from '../cluster/cluster.module.js';
import { HOST_SYNC_APIS } from '../host/host-info-apis.js';
import { HOST_COMMANDS, KVM_HOST_COMMANDS } from '../host/host.module.js';
import { ZONE_COMMANDS } from '../zone/zone.module.js';
import type { ApiCommandClass } from './api-command.js';
import type { SyncApiHandler } from './sync-api.js';

export const API_COMMANDS: readonly ApiCommandClass[] = [...ZONE_COMMANDS, ...CLUSTER_COMMANDS, ...HOST_COMMANDS, ...KVM_HOST_COMMANDS];

/** Synchronous APIs that are not queries, answered at once. */
export const SYNC_APIS: ReadonlyMap<string, SyncApiHandler> = new Map(HOST_SYNC_APIS.map((h) => [h.api, h]));

/** Query APIs served by the query engine: those whose resource's table exists. */
export const QUERYABLE_RESOURCES: ReadonlySet<string> = new Set(['Zone', 'Cluster', 'Host', 'PciDevice', 'LongJob']);

/** Every API this release answers: the commands above and the queries over existing tables. */
export function implementedApiNames(): Set<string> {
  const names = new Set<string>([...API_COMMANDS.map((c) => c.api), ...SYNC_APIS.keys()]);
  for (const api of APIS) if (api.queryResource && QUERYABLE_RESOURCES.has(api.queryResource)) names.add(api.name);
  return names;
}
