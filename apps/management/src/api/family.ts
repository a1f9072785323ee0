// A family (zones, clusters, hosts, ...) or a plug-in (KVM hosts, Ceph storage, ...)
// declares in one manifest what the node needs from it; families.ts lists the manifests
// and everything central (the app module, the entity list, the command registry, the
// queryable resources) is derived from that list. docs/architecture.md shows how.
import type { Type } from '@nestjs/common';
import type { ApiCommandClass } from './api-command.js';
import type { SyncApiHandler } from './sync-api.js';

export interface FamilyManifest {
  readonly name: string;
  /** The plug-in's family ('host' for the KVM plug-in); absent for a family. */
  readonly pluginOf?: string;
  /** Its Nest module: providers, and the handlers below among them. */
  readonly module?: Type;
  readonly entities?: readonly Type[];
  /** Its @CommandHandler classes, one per asynchronous API; each names its command. */
  readonly handlers?: readonly Type[];
  /** Its synchronous, non-query APIs. */
  readonly syncApis?: readonly SyncApiHandler[];
  /** The query graph's resources (libs/contract) whose tables it owns: their Query APIs answer. */
  readonly queryResources?: readonly string[];
}

/** @nestjs/cqrs keeps a handler's command class under this key (its decorators' constants are not exported). */
const COMMAND_HANDLER_METADATA = '__commandHandler__';

export function commandOf(handler: Type): ApiCommandClass {
  const command = Reflect.getMetadata(COMMAND_HANDLER_METADATA, handler) as ApiCommandClass | undefined;
  if (!command) throw new Error(`${handler.name} is listed as a handler but has no @CommandHandler`);
  return command;
}

/** Every family's commands by API; throws when a handler is listed twice or an API has two handlers. */
export function commandsByApi(families: readonly FamilyManifest[]): Map<string, ApiCommandClass> {
  const byApi = new Map<string, ApiCommandClass>();
  const seen = new Map<Type, string>();
  for (const family of families) {
    for (const handler of family.handlers ?? []) {
      if (seen.has(handler)) throw new Error(`handler ${handler.name} is registered twice (${seen.get(handler)} and ${family.name})`);
      seen.set(handler, family.name);
      const command = commandOf(handler);
      const other = byApi.get(command.api);
      if (other) throw new Error(`API ${command.api} has two handlers (${other.name} and ${command.name} in ${family.name})`);
      byApi.set(command.api, command);
    }
  }
  return byApi;
}

/** Every family's synchronous APIs by name; throws when an API is answered twice. */
export function syncApisByName(families: readonly FamilyManifest[]): Map<string, SyncApiHandler> {
  const byApi = new Map<string, SyncApiHandler>();
  for (const family of families) {
    for (const handler of family.syncApis ?? []) {
      if (byApi.has(handler.api)) throw new Error(`API ${handler.api} has two handlers (in ${family.name})`);
      byApi.set(handler.api, handler);
    }
  }
  return byApi;
}
