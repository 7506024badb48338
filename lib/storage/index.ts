/**
 * lib/storage: Cairn's block store (server only). See README.md for the words used here.
 *
 * The GCS adapter is re-exported as types only, so importing this module does not load
 * @google-cloud/storage; `createBlobStore("gs://…")` loads it on demand. Code that needs the
 * class itself imports "lib/storage/gcs".
 */
export {
  BlobHashMismatchError,
  BlobNotFoundError,
  BlobSizeMismatchError,
  type BlobStore,
  BlobStoreClosedError,
  BlobStoreError,
  BlobTooLargeError,
  type ByteRange,
  isPermanentBlobStoreError,
  MAX_BLOB_SIZE,
  type PutOptions,
  type PutResult,
} from "./blob-store";
export { createBlobStore, InvalidBlobStoreUrlError } from "./create-blob-store";
export type { GcsBlobStore, GcsBlobStoreOptions } from "./gcs";
export { LocalDiskBlobStore } from "./local-disk";
