/**
 * Uploads picked or dropped while offline: each file is cut and hashed in the worker, its chunks
 * kept on this device and its commit queued in the outbox (queue-content.ts); folders of a
 * dropped tree are queued as createFolder ops first. The listing shows them at once (pending),
 * and they are sent when the connection returns. As online, a file whose name a file in the
 * folder already has becomes that file's next version (from the version this device last saw:
 * if it changed elsewhere meanwhile, the server keeps both as a conflicted copy).
 */
import { BlobSource } from "@/lib/upload";
import type { SyncEngine } from "../../../lib/sync/index";
import { UserError } from "../../lib/errors";
import type { Picked } from "../uploads/collect-files";
import { workerChunker } from "../uploads/worker-chunker";
import { queueContent } from "./queue-content";

export interface QueuedUploads {
  queued: string[];
  failed: { name: string; error: unknown }[];
}

/** The folder `dirs` below `parentId`, queuing the ones that do not exist yet. */
async function folderFor(engine: SyncEngine, parentId: string, dirs: readonly string[]): Promise<string> {
  let id = parentId;
  for (const dir of dirs) {
    const existing = engine.childNamed(id, dir);
    if (existing && existing.kind !== "folder")
      throw new UserError(`A file named “${dir}” is where a folder should go.`);
    id = existing ? existing.id : await engine.createFolder(id, dir);
  }
  return id;
}

export async function queueUploads(
  engine: SyncEngine,
  userId: string,
  folderId: string,
  picked: Picked,
): Promise<QueuedUploads> {
  const result: QueuedUploads = { queued: [], failed: [] };
  for (const dirs of picked.folders) {
    try {
      await folderFor(engine, folderId, dirs);
    } catch (error) {
      result.failed.push({ name: dirs.join("/"), error });
    }
  }
  for (const { file, dirs } of picked.files) {
    try {
      const parentId = await folderFor(engine, folderId, dirs);
      const existing = engine.childNamed(parentId, file.name);
      if (existing?.kind === "folder") throw new UserError(`A folder named “${file.name}” is already there.`);
      const source = new BlobSource(file);
      const refs = await workerChunker(source, {
        onProgress: () => {},
        signal: new AbortController().signal,
      });
      const baseVersionId = existing ? engine.index.get(existing.id)?.currentVersionId : undefined;
      await queueContent(engine, {
        userId,
        chunks: refs.map((r) => ({
          hash: r.hash,
          size: r.size,
          bytes: () => source.slice(r.offset, r.size),
        })),
        target:
          existing && baseVersionId
            ? { parentId, name: existing.name, fileId: existing.id, baseVersionId }
            : { parentId, name: file.name, ...(file.type ? { mimeType: file.type } : {}) },
      });
      result.queued.push(file.name);
    } catch (error) {
      result.failed.push({ name: file.name, error });
    }
  }
  return result;
}
