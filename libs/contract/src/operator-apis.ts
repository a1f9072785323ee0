// APIs for operators beyond the hardware volume: QueryLongJob, ZStack's listing of long
// jobs (header/longjob/APIQueryLongJobMsg: GET /v1/longjobs, /v1/longjobs/{uuid}; reply
// `inventories` of LongJobInventory). Here it lists every asynchronous API call, recent
// and running, from the job store; docs/jobs.md says how each field is filled.
import { APIS } from './apis.generated.js';
import type { ApiSpec, InventorySpec } from './types.js';

const queryZone = APIS.find((a) => a.name === 'QueryZone')!;

export const OPERATOR_APIS: readonly ApiSpec[] = [
  {
    name: 'QueryLongJob',
    section: 'operations',
    summary: 'Query the jobs of asynchronous API calls, running and recent, with their state, progress and error.',
    method: 'GET',
    path: '/v1/longjobs',
    altPaths: ['/v1/longjobs/{uuid}'],
    bodyKey: null,
    async: false,
    // The generic query parameters, as every Query API of the manual takes them.
    params: queryZone.params,
    reply: { kind: 'inventories', key: 'inventories', type: 'LongJobInventory' },
    queryResource: 'LongJob',
  },
];

const field = (name: string, type: 'String' | 'Integer' | 'Long' | 'Timestamp', description: string) => ({ name, type, description });

export const OPERATOR_INVENTORIES: Readonly<Record<string, InventorySpec>> = {
  LongJobInventory: {
    name: 'LongJobInventory',
    fields: [
      // ZStack's LongJobInventory, in its order.
      field('uuid', 'String', 'The job uuid (the last part of the job location an API call answered)'),
      field('name', 'String', 'The API called, as UpdateClusterOS'),
      field('description', 'String', 'Always null here'),
      field('apiId', 'String', 'The API call this job runs: the job uuid'),
      field('jobName', 'String', "ZStack's message class of the API, as APIUpdateClusterOSMsg"),
      field('jobData', 'String', 'The request as JSON text, passwords masked'),
      field('jobResult', 'String', 'Failed: the error as JSON text; Succeeded: the last progress step'),
      field('state', 'String', 'Running, Succeeded or Failed'),
      field('targetResourceUuid', 'String', 'The resource the API acts on'),
      field('managementNodeUuid', 'String', 'The management node that finished the job (ZSTACK_NODE_ID); null while it runs'),
      field('createDate', 'Timestamp', 'When the call was accepted'),
      field('lastOpDate', 'Timestamp', 'When it finished; while it runs, when it was accepted'),
      field('executeTime', 'Long', 'Seconds from acceptance to the end (or to now, while it runs)'),
      // Beyond ZStack's inventory: what an operator watches.
      field('progress', 'Integer', 'Percent done as the handler reported it; null when it reports none'),
      field('progressStep', 'String', 'The step the handler is at, as "updating host h1 (1 of 3)"'),
      field('errorCode', 'String', 'Failed: the error code, as HOST.1000'),
      field('errorDetails', 'String', 'Failed: the error details'),
    ],
  },
};
