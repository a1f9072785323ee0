// Parameter validation derived from the contract: for each API and parameter location,
// the parameters' checks compiled once (param-checks.ts). Nothing here names an API; a
// new API in the contract is validated the moment it exists.
import { ApiError, type ApiSpec, type ParamSpec } from '#contract';
import { logger } from '../logging/logger.js';
import { type ParamCheck, paramCheck } from './param-checks.js';
import { unstorableText } from './storable-text.js';

const log = logger('rest');

/** One location's parameters: their names, and their checks in the contract's order. */
interface LocationSchema {
  names: Set<string>;
  checks: [name: string, check: ParamCheck][];
}

export interface RequestParts {
  /** The body key's object. */
  params: Record<string, unknown>;
  /** Top-level body fields other than the body key (systemTags, userTags). */
  body: Record<string, unknown>;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
}

const LOCATION_OF: Record<ParamSpec['in'], keyof RequestParts> = { 'body.params': 'params', body: 'body', url: 'pathParams', query: 'query' };

export class RequestValidator {
  private readonly schemas = new Map<string, Map<keyof RequestParts, LocationSchema>>();

  constructor(apis: readonly ApiSpec[]) {
    for (const api of apis) {
      const byLocation = new Map<keyof RequestParts, LocationSchema>();
      for (const location of ['params', 'body', 'pathParams', 'query'] as const) {
        const params = api.params.filter((p) => LOCATION_OF[p.in] === location);
        byLocation.set(location, { names: new Set(params.map((p) => p.name)), checks: params.map((p) => [p.name, paramCheck(p)]) });
      }
      this.schemas.set(api.name, byLocation);
    }
  }

  /** Throws 400 SYS.1007 naming the first bad parameter. Parameters the contract does not
   *  know are dropped and logged, not refused: ZStack ignores them, and its clients send
   *  some the manual lacks (`tagUuids`, `requestIp`, the Python SDK's `sessionId`). */
  async check(api: ApiSpec, parts: RequestParts): Promise<void> {
    assertStorable(parts);
    const schemas = this.schemas.get(api.name)!;
    const ignored: string[] = [];
    for (const location of ['pathParams', 'params', 'body', 'query'] as const) {
      const schema = schemas.get(location)!;
      const values = parts[location] as Record<string, unknown>;
      for (const key of Object.keys(values)) {
        if (schema.names.has(key)) continue;
        ignored.push(location === 'params' && api.bodyKey ? `${api.bodyKey}.${key}` : key);
        delete values[key];
      }
      validateAgainst(schema, values);
    }
    // Names only: a value may be a secret (the Python SDK puts the session in the query string).
    if (ignored.length) log.warn({ api: api.name, ignored }, 'unknown parameters ignored');
  }

  /** Validates one part of a call served outside check() (login, logout). */
  async checkPart(api: ApiSpec, location: keyof RequestParts, values: Record<string, unknown>): Promise<void> {
    assertStorable({ [location]: values });
    validateAgainst(this.schemas.get(api.name)!.get(location)!, values);
  }
}

/** Throws 400 SYS.1007 with the first parameter, in the contract's order, that is refused. */
function validateAgainst(schema: LocationSchema, values: Record<string, unknown>): void {
  for (const [name, check] of schema.checks) {
    // Own values only: a name like `constructor` must not reach Object.prototype's.
    const problem = check(Object.hasOwn(values, name) ? values[name] : undefined);
    if (problem) throw ApiError.invalidArgument(problem);
  }
}

/** Any string, anywhere in the request, that the database could not store is refused
 *  first, whether or not its parameter is known. */
function assertStorable(parts: Partial<RequestParts>): void {
  for (const values of Object.values(parts)) {
    const problem = unstorableText(values, '');
    if (problem) throw ApiError.invalidArgument(problem);
  }
}
