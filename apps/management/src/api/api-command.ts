// The shape every asynchronous API handler sees. One command class and one handler per
// API (STYLE.md); the command carries the validated request and the job it runs in.
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

/** Subclasses name the API they serve in a static `api` (see ApiCommandClass). */
export abstract class ApiCommand {
  constructor(readonly job: JobContext) {}

  get params(): Record<string, unknown> {
    return this.job.request.params;
  }
}

export type ApiCommandClass = (new (job: JobContext) => ApiCommand) & {
  readonly api: string;
  /** False for commands that talk to hosts for minutes (adding a host, updating an OS):
   *  they run outside a transaction and report progress as they go. Default true. */
  readonly transactional?: boolean;
};

/** What a handler answers: the reply body's fields (`{ inventory }`, `{}`...). */
export type ApiReply = Record<string, unknown>;
