// Matching a request's method and path (below /zstack) to the contract's APIs. The routes
// are compiled once into a segment tree; at each level a literal segment is tried before
// a placeholder, so `/v1/hosts/kvm` is AddKVMHost, not an API on host "kvm".
import { APIS } from './apis.generated.js';
import { IMAGE_APIS } from './image-apis.js';
import { VM_APIS } from './vm-apis.js';
import { OPERATOR_APIS } from './operator-apis.js';
import type { ApiSpec } from './types.js';

/** What a method and path reach.
 *
 *  - `candidates`: every API at this method and path. Several PUT actions share one
 *    `/actions` path (`updateZone`, `changeZoneState`...); the router picks the one whose
 *    `bodyKey` is the body's single action key. Any other route has one candidate.
 *  - `api`: the candidate when there is exactly one, else null (pick by body key).
 *  - `pathParams`: the placeholders as the first candidate names them. APIs sharing a
 *    path may name the same segment differently (`{uuid}` for ChangePrimaryStorageState,
 *    `{primaryStorageUuid}` for SyncPrimaryStorageCapacity): once an API is picked, read
 *    its placeholders with `pathParamsFor(api)`.
 *  - `error: 'not-found'` (404) for an unknown path; `'method-not-allowed'` (405) for a
 *    known path without this method, with the methods it has (the `Allow` header). */
export type RouteMatch =
  | { candidates: ApiSpec[]; api: ApiSpec | null; pathParams: Record<string, string>; pathParamsFor(api: ApiSpec): Record<string, string> }
  | { error: 'not-found' }
  | { error: 'method-not-allowed'; allowed: string[] };

interface Route {
  api: ApiSpec;
  /** Placeholder name by segment position, as this API's path spells it. */
  names: Map<number, string>;
}

interface RouteNode {
  literal: Map<string, RouteNode>;
  placeholder: RouteNode | null;
  byMethod: Map<string, Route[]>;
}

const newNode = (): RouteNode => ({ literal: new Map(), placeholder: null, byMethod: new Map() });

const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);

function compileRoutes(apis: readonly ApiSpec[]): RouteNode {
  const root = newNode();
  for (const api of apis) {
    for (const path of [api.path, ...api.altPaths]) {
      let node = root;
      const names = new Map<number, string>();
      segmentsOf(path).forEach((segment, i) => {
        const placeholder = /^\{(\w+)\}$/.exec(segment);
        if (placeholder) {
          names.set(i, placeholder[1]);
          node = node.placeholder ??= newNode();
        } else {
          if (!node.literal.has(segment)) node.literal.set(segment, newNode());
          node = node.literal.get(segment)!;
        }
      });
      const routes = node.byMethod.get(api.method) ?? [];
      if (!routes.some((r) => r.api === api)) routes.push({ api, names });
      node.byMethod.set(api.method, routes);
    }
  }
  return root;
}

/** The deepest-literal node that ends the path and serves some method: literal segments
 *  first, a placeholder only where no literal branch leads to a route. */
function find(node: RouteNode, segments: string[], i: number): RouteNode | null {
  if (i === segments.length) return node.byMethod.size ? node : null;
  const literal = node.literal.get(segments[i]);
  const viaLiteral = literal ? find(literal, segments, i + 1) : null;
  if (viaLiteral) return viaLiteral;
  return node.placeholder ? find(node.placeholder, segments, i + 1) : null;
}

function paramsOf(route: Route, segments: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [i, name] of route.names) params[name] = segments[i];
  return params;
}

/** A matcher over these APIs, compiled once. */
export function routeMatcher(apis: readonly ApiSpec[]): (method: string, path: string) => RouteMatch {
  const root = compileRoutes(apis);
  return (method, path) => {
    let segments: string[];
    try {
      segments = segmentsOf(path.split('?')[0]).map(decodeURIComponent);
    } catch {
      return { error: 'not-found' };
    }
    const node = find(root, segments, 0);
    if (!node) return { error: 'not-found' };
    const routes = node.byMethod.get(method.toUpperCase());
    if (!routes) return { error: 'method-not-allowed', allowed: [...node.byMethod.keys()] };
    const byApi = new Map(routes.map((r) => [r.api, r]));
    return {
      candidates: routes.map((r) => r.api),
      api: routes.length === 1 ? routes[0].api : null,
      pathParams: paramsOf(routes[0], segments),
      pathParamsFor: (api) => {
        const route = byApi.get(api);
        return route ? paramsOf(route, segments) : {};
      },
    };
  };
}

/** The route matcher over every API of the hardware volume. */
export const matchRoute = routeMatcher([...APIS, ...OPERATOR_APIS, ...IMAGE_APIS, ...VM_APIS]);
