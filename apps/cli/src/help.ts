// `help` and `help <API>` (or `<API> -h`): what the contract knows of an API, its
// parameters with their types, whether required, their allowed values; for a query, its
// fields, joins and options.
import { ALL_APIS, type ApiSpec, type ParamSpec, QUERY_RESOURCES } from '#contract';
import { QUERY_OPERATORS } from './command-line.js';
import { SORT_DIRECTIONS } from './request-builder.js';
import { isSecretParameter } from './secrets.js';

export function generalHelp(): string {
  return [
    'Commands are API names with key=value parameters, e.g.',
    '  LogInByAccount accountName=admin password=password',
    '  CreateZone name=zone1 description="first zone"',
    '  QueryHost cluster.zone.name=zone1 status=Connected fields=uuid,name limit=10 sortBy=name sortDirection=desc',
    'Lists are a,b,c; maps are JSON. Press Tab to complete names, parameters, values and query fields.',
    'After a command: --json (one line of JSON), --no-wait (print the job location), -h (its help).',
    '',
    '  help <API>         the API\'s parameters (also: <API> -h)',
    '  more               the numbered results of this and earlier sessions (! marks a failure)',
    '  more <N>           result N (1 is the last) through the pager ($PAGER, else less)',
    '  save <N>[,<M>...] [FILE|DIR]',
    '                     result N to FILE, into DIR, or to ./<API>-<N>.json',
    '  exit, quit, Ctrl-D leave',
    '',
    `${ALL_APIS.length} APIs: press Tab on an empty line to list them.`,
  ].join('\n');
}

function paramLine(api: ApiSpec, p: ParamSpec): string {
  const traits = [p.type, p.required ? 'required' : 'optional'];
  const secret = isSecretParameter(api, p.name);
  if (secret) traits.push('secret');
  const values = p.values?.length ? ` One of: ${p.values.join(', ')}.` : '';
  const masked = secret ? ' (masked in the history)' : '';
  return `  ${`${p.name}=`.padEnd(22)} ${traits.join(', ').padEnd(26)} ${p.description ?? ''}${values}${masked}`.trimEnd();
}

/** The CLI's own query options, written as ZStack's CLI writes them. */
const ZSTACK_SORT_PARAMS: ParamSpec[] = [
  { name: 'sortBy', type: 'String', in: 'query', required: false, description: 'Field to sort by (the REST API\'s sort=+field)' },
  { name: 'sortDirection', type: 'String', in: 'query', required: false, values: SORT_DIRECTIONS, description: 'With sortBy; asc by default.' },
];

function queryHelp(api: ApiSpec): string[] {
  const resource = QUERY_RESOURCES[api.queryResource!];
  const options = api.params.filter((p) => p.in === 'query' && p.name !== 'q' && p.name !== 'condition');
  return [
    `Conditions: FIELD OP VALUE, OP one of ${QUERY_OPERATORS.join(' ')}; FIELD=null, FIELD!=null`,
    `  fields: ${resource.fields.map((f) => f.name).join(' ')}`,
    `  joins:  ${resource.joins.map((j) => `${j.name}.`).join(' ') || '(none)'}   e.g. ${resource.joins[0] ? `${resource.joins[0].name}.uuid=...` : 'uuid=...'}`,
    'Options:',
    ...options.map((p) => paramLine(api, p)),
    ...ZSTACK_SORT_PARAMS.map((p) => paramLine(api, p)),
    `  Page through a long result with limit= and start=; replyWithCount=true tells the total.`,
  ];
}

export function apiHelp(api: ApiSpec): string {
  const how = api.async ? 'asynchronous: waits for its job (--no-wait prints the job location)' : 'synchronous';
  const lines = [`${api.name}: ${api.summary}`, `  ${api.method} /zstack${api.path}, ${how}`, ''];
  if (api.queryResource) lines.push(...queryHelp(api));
  else lines.push('Parameters:', ...(api.params.length ? api.params.map((p) => paramLine(api, p)) : ['  (none)']));
  return lines.join('\n');
}
