/**
 * Domain errors. Every failure a client can cause is a DriveError with a code from this closed
 * set; graphql/errors.ts maps it to `extensions.code` and lib/http to an HTTP status. Anything
 * else that escapes is a bug and is masked as INTERNAL_SERVER_ERROR.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NAME_INVALID: 400,
  NAME_TAKEN: 409,
  CONFLICT: 409,
  BAD_INPUT: 400,
  CURSOR_INVALID: 400,
  CHUNK_MISSING: 409,
  HASH_MISMATCH: 400,
  PAYLOAD_TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  LIMIT_EXCEEDED: 400,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class DriveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DriveError";
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what = "node") => new DriveError("NOT_FOUND", `${what} not found`);
export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DriveError("BAD_INPUT", message, details);

export function isDriveError(error: unknown): error is DriveError {
  return (
    error instanceof DriveError ||
    (error instanceof Error && error.name === "DriveError" && (error as DriveError).code in ERROR_CODES)
  );
}

/** Throws an Error (a bug, never a client's fault) when an invariant does not hold. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
