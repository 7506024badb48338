/**
 * The contracts the upload pipeline is built from. Everything that touches the outside world (the
 * network, the chunker, persistence, time) comes in through one of these, so the same pipeline runs
 * in a page, in Node and in unit tests with in-memory fakes.
 */
import type { ChunkHash } from "@/lib/chunking";

/** The bytes being uploaded: a size and random access to ranges of it. */
export interface UploadSource {
  readonly size: number;
  /** `size` bytes from `offset` (both within the source). */
  slice(offset: number, size: number): Promise<Uint8Array>;
}

/** One chunk of a source, as the chunker cut it. */
export interface ChunkRef {
  readonly offset: number;
  readonly size: number;
  readonly hash: ChunkHash;
}

/**
 * Cuts and hashes a whole source (lib/chunking's rule). Reports the bytes done so far through
 * `onProgress`. Rejects with an `AbortError` DOMException once `signal` aborts.
 */
export type Chunker<S extends UploadSource = UploadSource> = (
  source: S,
  options: { onProgress: (bytesDone: number) => void; signal: AbortSignal },
) => Promise<ChunkRef[]>;

/** What a commit names. Mirrors the `commitFile` mutation's input. */
export interface CommitRequest {
  parentId: string;
  name: string;
  /** The version this upload replaces (the same-named file's current version), or null for a new file. */
  baseVersionId: string | null;
  fileId: string | null;
  chunks: ChunkHash[];
  size: number;
  deviceName: string | null;
  chunkingProfile: string;
  /** One per intended change, kept across retries and reloads: a replayed commit is applied once. */
  opId: string;
}

export interface CommitOutcome {
  fileId: string;
  /** The name the content was saved under (differs from the request for a conflicted copy). */
  name: string;
  versionId: string;
  versionNumber: number;
  conflict: { copyName: string; reason: string } | null;
  /** The same content was already current: nothing changed. */
  unchanged: boolean;
}

/** A file that already holds a name in a folder: an upload of that name becomes its next version. */
export interface ExistingFile {
  fileId: string;
  /** Its current version: the base of the new one. */
  versionId: string;
  versionNumber: number;
  /** The current version's content hash (lib/chunking's `contentHash`). */
  contentHash: string;
}

/**
 * The server as the pipeline sees it. Implementations throw `TransportError` for failures (with
 * `retryable` saying whether trying again can help) and let an `AbortError` through untouched.
 * Every call is safe to repeat: prepare and find read, a PUT is idempotent, a commit carries an
 * opId, and `ensureFolder` reuses a folder that already has the name.
 */
export interface UploadApi {
  /** The id of a folder named `name` in `parentId`: the existing one, or a new one. */
  ensureFolder(parentId: string, name: string, signal: AbortSignal): Promise<string>;
  /** The live file named `name` in `parentId`, or null when there is none (or a folder has the name). */
  findFile(parentId: string, name: string, signal: AbortSignal): Promise<ExistingFile | null>;
  /** Which of these chunks the server needs (the caller does not hold them yet). */
  prepareUpload(
    chunks: readonly { hash: ChunkHash; size: number }[],
    signal: AbortSignal,
  ): Promise<ChunkHash[]>;
  putBlock(hash: ChunkHash, bytes: Uint8Array, signal: AbortSignal): Promise<void>;
  commitFile(request: CommitRequest, signal: AbortSignal): Promise<CommitOutcome>;
}

/** Time, injected so tests run backoff and speed maths on a fake clock. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`; rejects with an `AbortError` when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fn` once after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** The error an aborted signal rejects with (an `AbortError` DOMException unless a reason was given). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof DOMException || error instanceof Error) &&
    (error.name === "AbortError" || error.name === "TimeoutError")
  );
}
