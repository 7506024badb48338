/**
 * Errors of the upload pipeline. A `TransportError` is one failed call to the server and says
 * whether trying again can help; an `UploadFailedError` is what an upload ended with, carrying a
 * code from a closed set that the UI turns into a sentence.
 */

/** HTTP statuses worth trying again: the server or something in between had a bad moment. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export class TransportError extends Error {
  /** e.g. NETWORK_ERROR, HASH_MISMATCH, UNAUTHENTICATED, CHUNK_MISSING, INTERNAL_SERVER_ERROR. */
  readonly code: string;
  /** The HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** Whether the same call may succeed later (network failures, 5xx, 429). */
  readonly retryable: boolean;
  /** The server asked us to wait this long (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Extra data from the server's error (`missing` for CHUNK_MISSING, ...). */
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      retryable: boolean;
      retryAfterMs?: number;
      details?: Record<string, unknown>;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = "TransportError";
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}

/** Why an upload stopped. */
export type UploadFailureCode =
  /** Reading the local file failed: it was changed, moved or deleted since it was picked. */
  | "READ_FAILED"
  /** The bytes sent no longer hash as they did when the file was read: it changed meanwhile. */
  | "FILE_CHANGED"
  /** The server could not be reached (after retrying). */
  | "NETWORK_ERROR"
  /** The session ended. */
  | "UNAUTHENTICATED"
  /** The folder to upload into is gone, or another item is in the way of a folder to create. */
  | "TARGET_MISSING"
  | "NAME_INVALID"
  /** Over a server limit (file too large for one commit, ...). */
  | "TOO_LARGE"
  /** Hashing failed in the chunker. */
  | "HASH_FAILED"
  /** The server refused or failed (after retrying). */
  | "SERVER_ERROR";

export class UploadFailedError extends Error {
  constructor(
    readonly code: UploadFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "UploadFailedError";
  }
}

/** Maps whatever a step threw to the failure an upload reports. */
export function toUploadFailure(
  error: unknown,
  during: "hashing" | "reading" | "network",
): UploadFailedError {
  if (error instanceof UploadFailedError) return error;
  if (during === "hashing") return new UploadFailedError("HASH_FAILED", "hashing failed", { cause: error });
  if (during === "reading")
    return new UploadFailedError("READ_FAILED", "the file could not be read", { cause: error });
  if (isTransportError(error)) {
    switch (error.code) {
      case "NETWORK_ERROR":
        return new UploadFailedError("NETWORK_ERROR", error.message, { cause: error });
      case "UNAUTHENTICATED":
        return new UploadFailedError("UNAUTHENTICATED", error.message, { cause: error });
      case "HASH_MISMATCH":
        return new UploadFailedError("FILE_CHANGED", error.message, { cause: error });
      case "NOT_FOUND":
      case "NOT_A_FOLDER":
        return new UploadFailedError("TARGET_MISSING", error.message, { cause: error });
      case "NAME_INVALID":
        return new UploadFailedError("NAME_INVALID", error.message, { cause: error });
      case "PAYLOAD_TOO_LARGE":
      case "LIMIT_EXCEEDED":
        return new UploadFailedError("TOO_LARGE", error.message, { cause: error });
    }
    if (error.retryable && error.status === undefined) {
      return new UploadFailedError("NETWORK_ERROR", error.message, { cause: error });
    }
  }
  return new UploadFailedError("SERVER_ERROR", error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
