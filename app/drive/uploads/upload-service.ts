/**
 * The page's one upload manager (uploads outlive folder navigation, so it lives at module level),
 * wired to the worker chunker, the GraphQL/fetch API and the IndexedDB queue. Created on first
 * use in the browser only.
 */
import { BlobSource, UploadManager } from "@/lib/upload";
import { IdbUploadStore } from "@/lib/upload/idb-store";
import { browserDeviceName } from "../../lib/device-name";
import { gql } from "../../lib/gql";
import { newOpId } from "../../lib/op-id";
import { UploadMeQuery } from "./operations";
import { uploadApi } from "./upload-api";
import { workerChunker } from "./worker-chunker";

let manager: UploadManager<BlobSource> | undefined;

export function getUploadManager(): UploadManager<BlobSource> {
  manager ??= new UploadManager<BlobSource>({
    api: uploadApi,
    chunker: workerChunker,
    store: typeof indexedDB === "undefined" ? undefined : new IdbUploadStore(),
    newId: newOpId,
    deviceName: browserDeviceName(),
    onWarning: (message, error) => console.warn(`uploads: ${message}`, error),
  });
  return manager;
}

let resuming: Promise<number> | undefined;

/**
 * Resumes the signed-in user's unfinished uploads from an earlier page (not another account's),
 * once per page however often the drive view mounts. Resolves to how many were resumed.
 */
export function resumeUploads(): Promise<number> {
  resuming ??= gql(UploadMeQuery)
    .then(({ me }) => getUploadManager().resume(me.id))
    .catch((error: unknown) => {
      resuming = undefined; // e.g. offline: try again on the next mount
      throw error;
    });
  return resuming;
}

export { BlobSource, browserDeviceName };
