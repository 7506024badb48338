/**
 * Folders of dropped trees: `dirs` below a parent resolved to a folder id, created where missing
 * and reused where a folder has the name. Each path is resolved once (memoised), so the files of
 * one folder share one createFolder, and a failure is forgotten so a retry tries again.
 */

import type { RetryPolicy } from "./retry";
import { withRetry } from "./retry";
import type { Clock, UploadApi } from "./types";

/** Folder names compare as the server compares them: NFC, case-insensitive. */
export function folderKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

export class FolderResolver {
  private readonly folders = new Map<string, Promise<string>>();

  constructor(
    private readonly api: UploadApi,
    private readonly retry: { policy: RetryPolicy; clock: Clock; random: () => number },
    /** Called with a folder's id after something was created (or found) in it. */
    private readonly onChange: (parentId: string) => void,
  ) {}

  /** The id of folder `dirs` below `parentId` (which is itself for no dirs). */
  resolve(parentId: string, dirs: readonly string[], signal: AbortSignal): Promise<string> {
    if (dirs.length === 0) return Promise.resolve(parentId);
    const key = [parentId, ...dirs.map(folderKey)].join("\u0000");
    let pending = this.folders.get(key);
    if (!pending) {
      // Not tied to one upload's signal: other uploads may wait on the same folder.
      const detached = new AbortController().signal;
      pending = this.resolve(parentId, dirs.slice(0, -1), detached).then(async (outer) => {
        const name = dirs.at(-1)!;
        const id = await withRetry(() => this.api.ensureFolder(outer, name, detached), {
          ...this.retry,
          signal: detached,
        });
        this.onChange(outer);
        return id;
      });
      this.folders.set(key, pending);
      pending.catch(() => this.folders.delete(key));
    }
    return abortable(pending, signal);
  }
}

/** `promise`, or a rejection with the abort reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
