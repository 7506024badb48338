/**
 * `PUT /api/blocks/:hash` over an injected `fetch`: the one binary call of an upload. Maps every
 * outcome onto the pipeline's terms: 200/201 is success, a network failure or 5xx/429 is a
 * retryable TransportError, any other status a final one carrying the server's error code.
 */
import type { ChunkHash } from "@/lib/chunking";
import { isRetryableStatus, TransportError } from "./errors";
import { isAbortError } from "./types";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface BlockPutOptions {
  fetch: FetchLike;
  /** Prefix for the path, e.g. "" in a page (same origin) or "http://127.0.0.1:3000". */
  baseUrl?: string;
  /** Extra headers (a bearer token outside a browser). */
  headers?: Record<string, string>;
}

export async function putBlockOverHttp(
  options: BlockPutOptions,
  hash: ChunkHash,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await options.fetch(`${options.baseUrl ?? ""}/api/blocks/${hash}`, {
      method: "PUT",
      // A same-origin fetch sends our Origin, which cookie-authenticated PUTs need.
      credentials: "same-origin",
      headers: { "content-type": "application/octet-stream", ...options.headers },
      body: bytes as Uint8Array<ArrayBuffer>,
      signal,
    });
  } catch (error) {
    if (signal.aborted || isAbortError(error)) throw error;
    throw new TransportError("NETWORK_ERROR", "the server could not be reached", {
      retryable: true,
      cause: error,
    });
  }
  if (response.status === 200 || response.status === 201) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  let code = `HTTP_${response.status}`;
  let message = `PUT /api/blocks answered ${response.status}`;
  let details: Record<string, unknown> = {};
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (body.error && typeof body.error.code === "string") {
      const { code: c, message: m, ...rest } = body.error;
      code = c as string;
      if (typeof m === "string") message = m;
      details = rest;
    }
  } catch {
    // Not our JSON (a proxy's error page): the status says enough.
  }
  throw new TransportError(code, message, {
    status: response.status,
    retryable: isRetryableStatus(response.status),
    retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
    details,
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
