import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runBlobStoreConformance } from "./conformance";
import { GcsBlobStore } from "./gcs";
import { LocalDiskBlobStore } from "./local-disk";
import { type FakeGcsServer, startFakeGcsServer } from "./testing/fake-gcs-server";

runBlobStoreConformance("LocalDiskBlobStore", async () => {
  const dir = await mkdtemp(join(tmpdir(), "cairn-blobs-"));
  return {
    store: await LocalDiskBlobStore.open(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

let gcs: FakeGcsServer;
let run = 0;
beforeAll(async () => {
  gcs = await startFakeGcsServer();
});
afterAll(async () => {
  await gcs?.close();
});

runBlobStoreConformance("GcsBlobStore (fake GCS server)", async () => ({
  // A fresh prefix per test; a small list page so listing crosses page boundaries.
  store: new GcsBlobStore({
    bucket: "cairn-test",
    prefix: `run-${++run}`,
    apiEndpoint: gcs.url,
    listPageSize: 2,
  }),
  cleanup: async () => {},
}));
