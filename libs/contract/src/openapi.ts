// The OpenAPI 3 document of the contract, served at /zstack/openapi.json. Derived, never
// written by hand: an API added to the contract appears here at once.
import { paramLimits } from './param-limits.js';
import { isSecretField } from './query-graph.js';
import type { ApiSpec, FieldType, InventoryField, InventorySpec, ParamSpec, ParamType } from './types.js';

type Schema = Record<string, unknown>;
type Inventories = Readonly<Record<string, InventorySpec>>;

export interface OpenApiOptions {
  title?: string;
  version?: string;
  /** APIs callable without a session (login). */
  unauthenticated?: readonly string[];
}

const PARAM_SCHEMA: Record<ParamType, Schema> = {
  String: { type: 'string' },
  Timestamp: { type: 'string' },
  Integer: { type: 'integer', format: 'int32' },
  Long: { type: 'integer', format: 'int64' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  List: { type: 'array', items: { type: 'string' } },
  Set: { type: 'array', items: { type: 'string' }, uniqueItems: true },
  Map: { type: 'object', additionalProperties: true },
};

const FIELD_SCHEMA: Record<FieldType, Schema> = {
  String: { type: 'string', nullable: true },
  Timestamp: { type: 'string', nullable: true, example: 'Jun 7, 2017 9:20:28 PM' },
  Integer: { type: 'integer', nullable: true },
  Long: { type: 'integer', format: 'int64', nullable: true },
  Float: { type: 'number', nullable: true },
  Boolean: { type: 'boolean', nullable: true },
  List: { type: 'array', items: { type: 'string' } },
  Map: { type: 'object', additionalProperties: true },
  Object: { type: 'object', additionalProperties: true },
};

const TAGS: readonly ParamSpec[] = [
  { name: 'systemTags', type: 'List', in: 'body', required: false, description: 'System tags' },
  { name: 'userTags', type: 'List', in: 'body', required: false, description: 'User tags' },
];

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const withDescription = (schema: Schema, description?: string): Schema => (description ? { ...schema, description } : schema);

/** The bounds the node enforces (libs/contract paramLimits), in JSON Schema's words. */
function withLimits(schema: Schema, p: ParamSpec): Schema {
  const { maxLength, maxItems, min, max, format } = paramLimits(p);
  const text: Schema = {
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(format === 'uuid' ? { pattern: '^[0-9a-f]{32}$' } : {}),
  };
  if (p.type === 'List' || p.type === 'Set') return { ...schema, ...(maxItems !== undefined ? { maxItems } : {}), items: { ...(schema.items as Schema), ...text } };
  if (p.type === 'Integer' || p.type === 'Long') return { ...schema, ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) };
  return { ...schema, ...text };
}

function paramSchema(p: ParamSpec): Schema {
  const base = PARAM_SCHEMA[p.type];
  const each = p.type === 'List' || p.type === 'Set';
  const typed = !p.values?.length ? base : each ? { ...base, items: { type: 'string', enum: p.values } } : { ...base, enum: p.values };
  return withDescription(withLimits(typed, p), p.description);
}

function fieldSchema(f: InventoryField, inventories: Inventories): Schema {
  if (f.elementType && inventories[f.elementType]) {
    return withDescription(f.type === 'List' ? { type: 'array', items: ref(f.elementType) } : { allOf: [ref(f.elementType)], nullable: true }, f.description);
  }
  return withDescription(FIELD_SCHEMA[f.type], f.description);
}

const objectOf = (fields: readonly InventoryField[], inventories: Inventories): Schema => ({
  type: 'object',
  properties: Object.fromEntries(fields.filter((f) => !isSecretField(f.name)).map((f) => [f.name, fieldSchema(f, inventories)])),
});

function componentSchemas(inventories: Inventories): Record<string, Schema> {
  const out: Record<string, Schema> = {
    ErrorCode: {
      type: 'object',
      properties: {
        code: { type: 'string', example: 'SYS.1007' },
        description: { type: 'string' },
        details: { type: 'string', nullable: true },
        elaboration: { type: 'string', nullable: true },
        opaque: { type: 'object', nullable: true },
        cause: { allOf: [ref('ErrorCode')], nullable: true },
      },
    },
    ErrorReply: { type: 'object', properties: { error: ref('ErrorCode') } },
    JobLocation: { type: 'object', properties: { location: { type: 'string', format: 'uri', example: 'http://localhost:8080/zstack/v1/api-jobs/<job-uuid>' } } },
  };
  for (const inv of Object.values(inventories)) out[inv.name] = objectOf(inv.fields, inventories);
  return out;
}

function replySchema(api: ApiSpec, inventories: Inventories): Schema {
  const item = (type: string) => (inventories[type] ? ref(type) : { type: 'object', additionalProperties: true });
  switch (api.reply.kind) {
    case 'inventory':
      return { type: 'object', properties: { inventory: item(api.reply.type) } };
    case 'inventories': {
      const properties: Record<string, Schema> = { inventories: { type: 'array', items: item(api.reply.type) } };
      if (api.queryResource) properties.total = { type: 'integer', description: 'With replyWithCount=true; alone with count=true' };
      return { type: 'object', properties };
    }
    case 'fields':
      if (api.reply.fields?.length) return objectOf(api.reply.fields, inventories);
      return { type: 'object', properties: { [api.reply.key ?? 'result']: { type: 'array', items: { type: 'string' } } } };
    default:
      return { type: 'object', description: 'Empty: {}' };
  }
}

/** GET and DELETE carry no body (ZStack reads their parameters, tags too, from the query
 *  string); every other method wraps the body key's parameters, tags at the top. */
const hasBody = (api: ApiSpec) => api.method === 'POST' || api.method === 'PUT';

function requestBody(api: ApiSpec): Schema {
  const inner = api.params.filter((p) => p.in === 'body.params');
  const top = api.params.filter((p) => p.in === 'body');
  for (const tag of TAGS) if (!top.some((p) => p.name === tag.name)) top.push(tag);
  const properties: Record<string, Schema> = Object.fromEntries(top.map((p) => [p.name, paramSchema(p)]));
  const required: string[] = top.filter((p) => p.required).map((p) => p.name);
  if (api.bodyKey) {
    const innerRequired = inner.filter((p) => p.required).map((p) => p.name);
    properties[api.bodyKey] = {
      type: 'object',
      properties: Object.fromEntries(inner.map((p) => [p.name, paramSchema(p)])),
      ...(innerRequired.length ? { required: innerRequired } : {}),
      additionalProperties: false,
    };
    required.push(api.bodyKey);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** One API at one path. `names` are the path's placeholder names as the document spells
 *  them (APIs sharing a path may name a segment differently; OpenAPI wants one name). */
function operation(api: ApiSpec, inventories: Inventories, names: string[], operationId: string, opts: OpenApiOptions): Schema {
  const parameters: Schema[] = [
    ...names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' } })),
    ...api.params
      .filter((p) => p.in === 'query' || (!hasBody(api) && p.in !== 'url'))
      .map((p) => ({ name: p.name, in: 'query', required: p.required, schema: paramSchema(p), ...(p.type === 'List' || p.type === 'Set' ? { style: 'form', explode: true } : {}) })),
  ];
  if (api.async) {
    parameters.push(
      { name: 'X-Job-UUID', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' }, description: 'The job uuid to use' },
      { name: 'X-Web-Hook', in: 'header', required: false, schema: { type: 'string', format: 'uri' }, description: 'Where the result is POSTed when the job ends' },
    );
  }
  const error = (description: string) => ({ description, content: json(ref('ErrorReply')) });
  return {
    operationId,
    summary: api.summary,
    description: `${api.name}, manual section ${api.section}. ${api.async ? 'Asynchronous: answers 202 with a job location to poll.' : 'Synchronous.'}`,
    tags: [api.section.split('.').slice(0, 2).join('.')],
    'x-zstack-apis': [api.name],
    parameters,
    ...(hasBody(api) ? { requestBody: { required: true, content: json(requestBody(api)) } } : {}),
    ...(opts.unauthenticated?.includes(api.name) ? { security: [] } : {}),
    responses: {
      '200': { description: 'The result', content: json(replySchema(api, inventories)) },
      ...(api.async ? { '202': { description: 'Accepted; poll the location (202 while running)', content: json(ref('JobLocation')) } } : {}),
      '400': error('Missing or invalid parameters (SYS.1007)'),
      '404': error('Unknown URL, or a job location that expired'),
      '501': error('Not implemented by this release (SYS.1014)'),
      '503': error('The operation failed; the body holds the error'),
    },
  };
}

interface Entry {
  api: ApiSpec;
  op: Schema;
  body: Schema | null;
  reply: Schema;
}

/** Several APIs at one method and path (PUT actions): one operation whose body is one of
 *  theirs, told apart by the single body key. */
function merged(entries: Entry[]): Schema {
  if (entries.length === 1) return entries[0].op;
  const names = entries.map((e) => e.api.name);
  const bodies = entries.flatMap((e) => (e.body ? [e.body] : []));
  return {
    ...entries[0].op,
    operationId: names.join('_or_'),
    summary: `One of ${names.join(', ')}, picked by the body key`,
    description: entries.map((e) => `- ${e.api.name} (\`${e.api.bodyKey}\`, section ${e.api.section}): ${e.api.summary}`).join('\n'),
    'x-zstack-apis': names,
    ...(bodies.length ? { requestBody: { required: true, content: json({ oneOf: bodies }) } } : {}),
    responses: {
      ...(entries[0].op.responses as Record<string, Schema>),
      '200': { description: 'The result of the action the body key names', content: json({ oneOf: entries.map((e) => e.reply) }) },
    },
  };
}

const shapeOf = (path: string) => path.replace(/\{\w+\}/g, '{}');
const namesIn = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

export function buildOpenApi(apis: readonly ApiSpec[], inventories: Inventories, opts: OpenApiOptions = {}): Record<string, unknown> {
  const options = { unauthenticated: ['LogInByAccount'], ...opts };
  // Paths that differ only in placeholder names are one path to OpenAPI: the first spelling wins.
  const spelling = new Map<string, string>();
  const grouped = new Map<string, Map<string, Entry[]>>();
  const used = new Set<string>();
  for (const api of apis) {
    [api.path, ...api.altPaths].forEach((path, i) => {
      const shape = shapeOf(path.replace(/(.)\/$/, '$1'));
      if (!spelling.has(shape)) spelling.set(shape, path.replace(/(.)\/$/, '$1'));
      const canonical = spelling.get(shape)!;
      let operationId = i === 0 ? api.name : `${api.name}Alt${i}`;
      while (used.has(operationId)) operationId += '_';
      used.add(operationId);
      const byMethod = grouped.get(canonical) ?? new Map<string, Entry[]>();
      grouped.set(canonical, byMethod);
      const method = api.method.toLowerCase();
      const entry = { api, op: operation(api, inventories, namesIn(canonical), operationId, options), body: hasBody(api) ? requestBody(api) : null, reply: replySchema(api, inventories) };
      byMethod.set(method, [...(byMethod.get(method) ?? []), entry]);
    });
  }
  const paths: Record<string, Record<string, Schema>> = {};
  for (const [path, byMethod] of grouped) paths[`/zstack${path}`] = Object.fromEntries([...byMethod].map(([method, ops]) => [method, merged(ops)]));
  return {
    openapi: '3.0.3',
    info: {
      title: options.title ?? 'zstack/v1 hardware API',
      version: options.version ?? '3.0.0',
      description: 'ZStack-compatible management API. Log in with PUT /zstack/v1/accounts/login, then send Authorization: OAuth <session uuid>.',
    },
    paths,
    components: {
      schemas: componentSchemas(inventories),
      securitySchemes: { session: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'OAuth <session uuid>' } },
    },
    security: [{ session: [] }],
  };
}
