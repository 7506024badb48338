// Every UploadStore adapter passes one suite. IndexedDB in Node: fake-indexeddb implements the API
// in memory (Web Locks are absent in Node, so the IndexedDB store's claims are checked in
// Chromium by the e2e reload test, not here).
import "fake-indexeddb/auto";
import { BlobSource } from "./blob-source";
import { IdbUploadStore } from "./idb-store";
import { MemoryUploadStore } from "./store";
import { MemorySource } from "./testing/fake-drive";
import { runUploadStoreConformance } from "./testing/store-conformance";

runUploadStoreConformance(
  "memory",
  async () => {
    const store = new MemoryUploadStore<MemorySource>();
    return { store, reopen: async () => store };
  },
  (bytes) => new MemorySource(bytes),
  { exclusiveClaims: true },
);

let n = 0;
runUploadStoreConformance(
  "IndexedDB (fake-indexeddb)",
  async () => {
    const name = `cairn-uploads-test-${process.pid}-${n++}`;
    return { store: new IdbUploadStore(name), reopen: async () => new IdbUploadStore(name) };
  },
  (bytes) => new BlobSource(new Blob([bytes as Uint8Array<ArrayBuffer>])),
  { exclusiveClaims: false },
);
