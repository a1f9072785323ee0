// Every API with a handler, derived from the families' manifests (families.ts); nothing
// else needs to know which APIs exist (the REST layer answers 501 for the rest).
import { APIS } from '#contract';
import { FAMILIES } from '../families.js';
import type { ApiCommandClass } from './api-command.js';
import { commandsByApi, syncApisByName } from './family.js';
import type { SyncApiHandler } from './sync-api.js';

export const API_COMMANDS: readonly ApiCommandClass[] = [...commandsByApi(FAMILIES).values()];

/** Synchronous APIs that are not queries, answered at once. */
export const SYNC_APIS: ReadonlyMap<string, SyncApiHandler> = syncApisByName(FAMILIES);

/** Query APIs served by the query engine: those whose resource's table exists. */
export const QUERYABLE_RESOURCES: ReadonlySet<string> = new Set(FAMILIES.flatMap((f) => f.queryResources ?? []));

/** Every API this release answers: the commands above and the queries over existing tables. */
export function implementedApiNames(): Set<string> {
  const names = new Set<string>([...API_COMMANDS.map((c) => c.api), ...SYNC_APIS.keys()]);
  for (const api of APIS) if (api.queryResource && QUERYABLE_RESOURCES.has(api.queryResource)) names.add(api.name);
  return names;
}
