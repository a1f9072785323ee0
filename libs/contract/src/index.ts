// libs/contract: the single source of truth of the API surface. The REST router,
// validation, OpenAPI, the CLI's completion and the docs derive from what is here.
export * from './types.js';
export * from './errors.js';
export * from './dates.js';
export { APIS } from './apis.generated.js';
export { IDENTITY_APIS } from './identity-apis.js';
export { IMAGE_APIS } from './image-apis.js';
export { VM_APIS } from './vm-apis.js';
export { INVENTORIES } from './inventories.js';
export { OPERATOR_APIS } from './operator-apis.js';
export type * from './api-params.generated.js';
export { QUERY_RESOURCES, TAG_CONDITIONS, completions, isSecretField, queryResource, resolveFieldPath, tableOf, type FieldPath, type FieldPathHop } from './query-graph.js';
export { matchRoute, routeMatcher, type RouteMatch } from './routes.js';
export { buildOpenApi, type OpenApiOptions } from './openapi.js';
export { renderApiCoverage } from './coverage.js';
export { MESSAGE_NAMES, type MessageNames } from './message-names.js';
export { isHostAddress, paramLimits, type ParamFormat, type ParamLimits } from './param-limits.js';

import { APIS } from './apis.generated.js';
import { IDENTITY_APIS } from './identity-apis.js';
import { IMAGE_APIS } from './image-apis.js';
import { VM_APIS } from './vm-apis.js';
import { MESSAGE_NAMES } from './message-names.js';
import { OPERATOR_APIS } from './operator-apis.js';
import type { ApiSpec } from './types.js';

/** Every API a client can call: login/logout, the hardware volume and the operator APIs. */
export const ALL_APIS: readonly ApiSpec[] = [...IDENTITY_APIS, ...APIS, ...OPERATOR_APIS, ...IMAGE_APIS, ...VM_APIS];

const BY_NAME = new Map(ALL_APIS.map((a) => [a.name, a]));

export function apiByName(name: string): ApiSpec | undefined {
  return BY_NAME.get(name);
}

const BY_MESSAGE = new Map(Object.entries(MESSAGE_NAMES).map(([name, names]) => [names.message, BY_NAME.get(name)!]));

/** The API a message API call names, by its Java class name (`org.zstack.header.zone.APICreateZoneMsg`). */
export function apiByMessageName(fullName: string): ApiSpec | undefined {
  return BY_MESSAGE.get(fullName);
}
