// The shape every asynchronous API handler sees. One command class and one handler per
// API (STYLE.md); the command carries the validated request and the job it runs in.
import type { ApiName, ApiParams } from '#contract';
import type { EntityManager } from 'typeorm';

export interface ApiRequest {
  /** The body key's object (creates: `params`; actions: the action's key). */
  params: Record<string, unknown>;
  systemTags: string[];
  userTags: string[];
  /** Path placeholders, e.g. `{ uuid }`. */
  pathParams: Record<string, string>;
  /** Query-string parameters (deleteMode...). */
  query: Record<string, unknown>;
}

export interface JobContext {
  jobUuid: string;
  apiName: string;
  accountUuid: string;
  /** The resource the command acts on (or creates); its commands run in order. */
  resourceUuid: string | null;
  request: ApiRequest;
  /** The job's transaction: the handler's writes commit together with the job's result,
   *  so a command redelivered after a crash either finds its job done or nothing done.
   *  For a long-running command (`transactional = false`) this is the plain database and
   *  the handler makes its own steps idempotent. */
  tx: EntityManager;
  /** Reports how far a long job got; its poll and job views show it. */
  progress(step: string, percent: number): Promise<void>;
}

/** A command carries its API's parameters, typed from the contract (ApiParams): the
 *  request validator has checked them against the same contract before the job began. */
export abstract class ApiCommand<P extends object = object> {
  constructor(readonly job: JobContext) {}

  get params(): P {
    return this.job.request.params as P;
  }
}

/** The base of API `api`'s command class: `class AddKVMHostCommand extends apiCommand('AddKVMHost') {}`.
 *  A name the contract lacks does not compile, and neither does a parameter the API lacks. */
export function apiCommand<N extends ApiName>(api: N) {
  abstract class Command extends ApiCommand<ApiParams[N]> {
    static readonly api: N = api;
  }
  return Command;
}

export type ApiCommandClass = (new (job: JobContext) => ApiCommand) & {
  readonly api: string;
  /** False for commands that talk to hosts for minutes (adding a host, updating an OS):
   *  they run outside a transaction and report progress as they go. Default true. */
  readonly transactional?: boolean;
  /** True for a command whose statements read and write only the rows of the resource it
   *  acts on (a create with no parent row to lock, CreateZone): nothing another job does
   *  can change what it does. Commands waiting together run in one transaction (group
   *  commit, job-worker.ts); independent ones run side by side there, their statements of a
   *  turn in one message, the others one after another. Default false. */
  readonly independent?: boolean;
};

/** What a handler answers: the reply body's fields (`{ inventory }`, `{}`...). */
export type ApiReply = Record<string, unknown>;
