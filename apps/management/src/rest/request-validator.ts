// Parameter validation derived from the contract: for each API, a class whose properties
// carry class-validator decorators built from the API's parameter list. Nothing here
// names an API; a new API in the contract is validated the moment it exists.
import { ApiError, type ApiSpec, type ParamSpec, paramLimits } from '#contract';
import { logger } from '../logging/logger.js';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  validate,
  type ValidationError,
} from 'class-validator';

import { limitDecorators } from './param-decorators.js';
import { unstorableText } from './storable-text.js';

type PropertyDecorator = (target: object, propertyKey: string) => void;

const log = logger('rest');

function decoratorsFor(p: ParamSpec): PropertyDecorator[] {
  const each = p.type === 'List' || p.type === 'Set';
  const out: PropertyDecorator[] = [p.required ? IsDefined({ message: `parameter ${p.name} is required` }) : IsOptional()];
  switch (p.type) {
    case 'String':
    case 'Timestamp':
      out.push(IsString({ message: `parameter ${p.name} must be a string` }));
      break;
    case 'Integer':
    case 'Long':
      out.push(IsInt({ message: `parameter ${p.name} must be an integer` }));
      break;
    case 'Float':
      out.push(IsNumber({}, { message: `parameter ${p.name} must be a number` }));
      break;
    case 'Boolean':
      out.push(IsBoolean({ message: `parameter ${p.name} must be true or false` }));
      break;
    case 'List':
    case 'Set':
      out.push(IsArray({ message: `parameter ${p.name} must be a list` }));
      break;
    case 'Map':
      out.push(IsObject({ message: `parameter ${p.name} must be an object` }));
      break;
  }
  if (p.values?.length) {
    out.push(IsIn([...p.values], { each, message: `parameter ${p.name} must be one of [${p.values.join(', ')}]` }));
  }
  // Uuids, lengths, element types, ranges: libs/contract's bounds for this parameter.
  out.push(...limitDecorators(p, paramLimits(p)));
  return out;
}

function schemaClass(api: ApiSpec, params: readonly ParamSpec[]): new () => object {
  const cls = { [`${api.name}Params`]: class {} }[`${api.name}Params`];
  for (const p of params) for (const decorate of decoratorsFor(p)) decorate(cls.prototype, p.name);
  return cls;
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
  private readonly schemas = new Map<string, Map<keyof RequestParts, { cls: new () => object; names: Set<string> }>>();

  constructor(apis: readonly ApiSpec[]) {
    for (const api of apis) {
      const byLocation = new Map<keyof RequestParts, { cls: new () => object; names: Set<string> }>();
      for (const location of ['params', 'body', 'pathParams', 'query'] as const) {
        const params = api.params.filter((p) => LOCATION_OF[p.in] === location);
        byLocation.set(location, { cls: schemaClass(api, params), names: new Set(params.map((p) => p.name)) });
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
      const { cls, names } = schemas.get(location)!;
      const values = parts[location] as Record<string, unknown>;
      for (const key of Object.keys(values)) {
        if (names.has(key)) continue;
        ignored.push(location === 'params' && api.bodyKey ? `${api.bodyKey}.${key}` : key);
        delete values[key];
      }
      await this.validateAgainst(cls, values);
    }
    // Names only: a value may be a secret (the Python SDK puts the session in the query string).
    if (ignored.length) log.warn({ api: api.name, ignored }, 'unknown parameters ignored');
  }

  /** Validates one part of a call served outside check() (login, logout). */
  async checkPart(api: ApiSpec, location: keyof RequestParts, values: Record<string, unknown>): Promise<void> {
    assertStorable({ [location]: values });
    await this.validateAgainst(this.schemas.get(api.name)!.get(location)!.cls, values);
  }

  private async validateAgainst(cls: new () => object, values: Record<string, unknown>): Promise<void> {
    const errors = await validate(Object.assign(new cls(), values), { forbidUnknownValues: false, stopAtFirstError: true });
    if (errors.length) throw ApiError.invalidArgument(firstMessage(errors[0]));
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

function firstMessage(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {});
  return messages[0] ?? `parameter ${error.property} is invalid`;
}
