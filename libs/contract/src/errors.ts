// ZStack error codes and the error body every failure carries. Built here, in one place,
// so a code never drifts between the REST layer, job results and the CLI.

export interface ZStackError {
  code: string;
  description: string;
  details: string | null;
  elaboration: string | null;
  opaque: Record<string, unknown> | null;
  cause: ZStackError | null;
}

/** Global error ids, as ZStack's clients know them. */
export const ErrorCodes = {
  /** Internal error. */
  INTERNAL: 'SYS.1000',
  /** A message or an operation timed out. */
  TIMEOUT: 'SYS.1001',
  /** The resource was not found. */
  RESOURCE_NOT_FOUND: 'SYS.1003',
  /** The operation is refused or failed (wrong state, still in use...). */
  OPERATION_ERROR: 'SYS.1006',
  /** Missing or invalid parameter. */
  INVALID_ARGUMENT: 'SYS.1007',
  /** The management node cannot take the request now (bus or database down). */
  NOT_READY: 'SYS.1010',
  /** The API has no handler in this release. */
  NOT_IMPLEMENTED: 'SYS.1014',
  /** Wrong account name or password. */
  ID_WRONG_CREDENTIALS: 'ID.1000',
  /** The session is invalid or has expired. */
  ID_INVALID_SESSION: 'ID.1001',
  /** The account may not call this API, or read this resource (ZStack's IdentityErrors.PERMISSION_DENIED). */
  ID_PERMISSION_DENIED: 'ID.1002',
  /** The account already holds the most sessions it may. */
  ID_MAX_SESSIONS: 'ID.1006',
  /** The host could not be added or reached. */
  HOST_OPERATION_FAILURE: 'HOST.1000',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

const DESCRIPTIONS: Record<ErrorCode, string> = {
  'SYS.1000': 'An internal error happened',
  'SYS.1001': 'A message or a operation timeout',
  'SYS.1003': 'Unable to find the resource',
  'SYS.1006': 'The operation is refused or failed',
  'SYS.1007': 'One or more API argument is invalid',
  'SYS.1010': 'The management node is not ready',
  'SYS.1014': 'The API is not implemented in this release',
  'ID.1000': 'Wrong account name or password',
  'ID.1001': 'Session expired or invalid',
  'ID.1002': 'Permission denied',
  'ID.1006': 'Too many sessions for this account',
  'HOST.1000': 'Operation on a host failed',
};

export function zstackError(code: ErrorCode, details: string | null = null, cause: ZStackError | null = null): ZStackError {
  return { code, description: DESCRIPTIONS[code], details, elaboration: null, opaque: null, cause };
}

/** An error that carries its ZStack body and the HTTP status it answers with.
 *  Thrown inside handlers and the REST layer; turned into `{"error": ...}` at the edge. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ZStackError,
  ) {
    super(`${body.code}: ${body.details ?? body.description}`);
  }

  static invalidArgument(details: string): ApiError {
    return new ApiError(400, zstackError(ErrorCodes.INVALID_ARGUMENT, details));
  }

  static notFound(what: string): ApiError {
    return new ApiError(503, zstackError(ErrorCodes.RESOURCE_NOT_FOUND, what));
  }

  static operation(details: string): ApiError {
    return new ApiError(503, zstackError(ErrorCodes.OPERATION_ERROR, details));
  }

  static of(code: ErrorCode, details: string, status = 503, cause: ZStackError | null = null): ApiError {
    return new ApiError(status, zstackError(code, details, cause));
  }
}
