// The agent's failures as ZStack error bodies. Every failure a client sees is built here.
import type { AgentReply } from '#agent-protocol';
// The file, not '#contract': the contract's index builds the whole API catalogue when it is
// loaded, which would put some 200 kB the agent never uses into its bundle.
import { ErrorCodes, zstackError, type ZStackError } from '../../../libs/contract/src/errors.js';
import type { CommandResult } from './command-runner.js';

/** A driver's or a handler's failure that the client should see as-is. Operation failures
 *  answer HTTP 200 with `success: false`, as ZStack's agents do: the request itself was fine. */
export class AgentOperationError extends Error {
  constructor(
    readonly error: ZStackError,
    readonly httpStatus = 200,
  ) {
    super(`${error.code}: ${error.details ?? error.description}`);
  }
}

export function hostOperationFailure(details: string): AgentOperationError {
  return new AgentOperationError(zstackError(ErrorCodes.HOST_OPERATION_FAILURE, details));
}

/** A command that did not succeed; its stderr goes into `details`, where operators look first. */
export function commandFailure(result: CommandResult): AgentOperationError {
  if (!result.started) return hostOperationFailure(`cannot run \`${result.argv.join(' ')}\`: ${result.stderr}`);
  const how = result.timedOut ? 'timed out' : `exited with ${result.returnCode}`;
  const stderr = result.stderr.trim();
  return hostOperationFailure(`\`${result.argv.join(' ')}\` ${how}${stderr ? `: ${stderr}` : ''}`);
}

export const invalidArgument = (details: string): ZStackError => zstackError(ErrorCodes.INVALID_ARGUMENT, details);
/** A request body the agent refuses before anything runs: 400 SYS.1007 naming the field. */
export const badRequest = (details: string): AgentOperationError => new AgentOperationError(invalidArgument(details), 400);
export const unauthorized = (): ZStackError => zstackError(ErrorCodes.OPERATION_ERROR, 'missing or wrong agent secret');
export const notFound = (path: string): ZStackError => zstackError(ErrorCodes.RESOURCE_NOT_FOUND, `no such agent path: ${path}`);
export const internalError = (details: string): ZStackError => zstackError(ErrorCodes.INTERNAL, details);

export function failedReply(error: ZStackError): AgentReply {
  return { success: false, error };
}
