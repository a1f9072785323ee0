// Every API with a handler, by family. A family adds its list here; nothing else
// needs to know which APIs exist (the REST layer answers 501 for the rest).
import { APIS } from '#contract';
import { CLUSTER_COMMANDS } from '../cluster/cluster.module.js';
import { ZONE_COMMANDS } from '../zone/zone.module.js';
import type { ApiCommandClass } from './api-command.js';

export const API_COMMANDS: readonly ApiCommandClass[] = [...ZONE_COMMANDS, ...CLUSTER_COMMANDS];

/** Query APIs served by the query engine: those whose resource's table exists. */
export const QUERYABLE_RESOURCES: ReadonlySet<string> = new Set(['Zone', 'Cluster', 'Host', 'PciDevice']);

/** Every API this release answers: the commands above and the queries over existing tables. */
export function implementedApiNames(): Set<string> {
  const names = new Set<string>(API_COMMANDS.map((c) => c.api));
  for (const api of APIS) if (api.queryResource && QUERYABLE_RESOURCES.has(api.queryResource)) names.add(api.name);
  return names;
}
