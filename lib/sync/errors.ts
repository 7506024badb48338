/**
 * Errors as the engine sees them. Transports turn every failure into a `SyncTransportError`
 * carrying its data (network or HTTP, the server's `extensions.code`, its details), so the pure
 * rules in outcome.ts and replay.ts decide on data, never on message text.
 */

export interface SyncErrorInfo {
  /** network: no answer (offline, timeout, lost response); http: a status without a GraphQL body; graphql: an answer with an error code. */
  kind: "network" | "http" | "graphql";
  /** The server's `extensions.code` (NOT_FOUND, NAME_TAKEN, ...), when there is one. */
  code?: string;
  status?: number;
  message: string;
  /** The rest of `extensions` (existingId, field, reason, missing, ...). */
  details?: Record<string, unknown>;
}

export class SyncTransportError extends Error implements SyncErrorInfo {
  readonly kind: SyncErrorInfo["kind"];
  readonly code?: string;
  readonly status?: number;
  readonly details?: Record<string, unknown>;

  constructor(info: SyncErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = "SyncTransportError";
    this.kind = info.kind;
    this.code = info.code;
    this.status = info.status;
    this.details = info.details;
  }
}

/** Plain data for any thrown value (a non-transport error counts as a network failure: retry). */
export function errorInfo(error: unknown): SyncErrorInfo {
  if (error instanceof SyncTransportError) {
    return {
      kind: error.kind,
      code: error.code,
      status: error.status,
      message: error.message,
      details: error.details,
    };
  }
  return { kind: "network", message: error instanceof Error ? error.message : String(error) };
}

/** Codes worth retrying as they are: the server may answer differently later. */
const RETRYABLE_CODES = new Set([
  "INTERNAL_SERVER_ERROR",
  "UNAUTHENTICATED", // signed out: wait for the user to sign in again
  "CHUNK_MISSING", // the engine uploads the chunks again before the next try
  "PERSISTED_QUERY_NOT_FOUND",
]);
const RETRYABLE_STATUS = new Set([408, 425, 429]);

/**
 * Whether retrying the same request later may succeed: no answer, a retryable code, or (without a
 * code) a 5xx, 408, 425 or 429. Any other code is the server's definitive answer to this request.
 */
export function isRetryable(error: SyncErrorInfo): boolean {
  if (error.kind === "network") return true;
  if (error.code !== undefined) return RETRYABLE_CODES.has(error.code);
  return error.status === undefined || error.status >= 500 || RETRYABLE_STATUS.has(error.status);
}
