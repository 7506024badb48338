/**
 * createBlobStore(url): the one place a BlobStore is made from configuration (CAIRN_BLOCKSTORE).
 * No module-level clients: every call opens a new store, which the caller owns and closes.
 * The GCS adapter (and with it @google-cloud/storage) is only loaded when a gs:// URL asks for it.
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BlobStore } from "./blob-store";
import { LocalDiskBlobStore } from "./local-disk";

const ACCEPTED_FORMS = "file:///absolute/path, a plain file system path, or gs://bucket[/prefix]";

/** Thrown for a block store URL that names no supported store. */
export class InvalidBlobStoreUrlError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`invalid block store URL ${JSON.stringify(url)}: ${reason}; expected ${ACCEPTED_FORMS}`);
    this.name = "InvalidBlobStoreUrlError";
  }
}

/**
 * Opens the block store `url` names:
 * - `file:///abs/path`, or a plain path (relative paths resolve against the working folder):
 *   a LocalDiskBlobStore there, created if missing;
 * - `gs://bucket` or `gs://bucket/prefix`: a GcsBlobStore, with credentials from the environment
 *   (Application Default Credentials) and STORAGE_EMULATOR_HOST honoured by the SDK.
 */
export async function createBlobStore(url: string): Promise<BlobStore> {
  const value = url.trim();
  if (value === "") throw new InvalidBlobStoreUrlError(url, "it is empty");

  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  // No scheme (or a Windows drive letter): a plain path.
  if (scheme === undefined || (scheme.length === 1 && isAbsolute(value))) {
    return LocalDiskBlobStore.open(resolve(value));
  }

  if (scheme === "file") {
    let path: string;
    try {
      path = fileURLToPath(value);
    } catch (err) {
      throw new InvalidBlobStoreUrlError(url, err instanceof Error ? err.message : String(err));
    }
    return LocalDiskBlobStore.open(path);
  }

  if (scheme === "gs") {
    const m = /^gs:\/\/([^/?#]+)(?:\/([^?#]*))?$/i.exec(value);
    const bucket = m?.[1];
    if (!m || bucket === undefined)
      throw new InvalidBlobStoreUrlError(url, "a gs:// URL needs a bucket name");
    // Bucket names: 3-222 characters of lowercase letters, digits, "-", "_" and ".".
    if (!/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(bucket)) {
      throw new InvalidBlobStoreUrlError(url, `${JSON.stringify(bucket)} is not a valid bucket name`);
    }
    let prefix: string;
    try {
      prefix = decodeURIComponent(m[2] ?? "");
    } catch {
      throw new InvalidBlobStoreUrlError(url, "the prefix is not valid percent-encoding");
    }
    const { GcsBlobStore } = await import("./gcs");
    return new GcsBlobStore({ bucket, prefix });
  }

  throw new InvalidBlobStoreUrlError(url, `the scheme "${scheme}:" is not supported`);
}
