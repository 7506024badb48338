// Every UploadStore adapter passes one suite. IndexedDB in Node: fake-indexeddb implements the API
// in memory (Web Locks are absent in Node, so the IndexedDB store's claims are checked in
// Chromium by the e2e reload test, not here).
import "fake-indexeddb/auto";
import { expect, test } from "vitest";
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

test("the memory store hands out copies: changing a listed upload does not change what is stored", async () => {
  const store = new MemoryUploadStore<MemorySource>();
  const bytes = new TextEncoder().encode("abc");
  await store.add({
    id: "u1",
    name: "a.txt",
    size: bytes.length,
    parentId: "folder-1",
    dirs: [],
    opId: "op-u1",
    createdAt: 1,
    owner: "user-1",
    source: new MemorySource(bytes),
  });
  const [listed] = await store.list();
  listed!.name = "changed.txt";
  expect((await store.list()).map((r) => r.name)).toEqual(["a.txt"]);
});
