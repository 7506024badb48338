// IndexedDB in Node: fake-indexeddb implements the IndexedDB API in memory, so the adapter the
// browser uses runs the same conformance suite as the memory store (a browser run checks it too).
import "fake-indexeddb/auto";
import { runSyncStoreConformance } from "./conformance";
import { IdbSyncStore } from "./idb";

let n = 0;
runSyncStoreConformance("IdbSyncStore (fake-indexeddb)", async () => {
  const databaseName = `cairn-sync-test-${process.pid}-${n++}`;
  const store = await IdbSyncStore.open("user", { databaseName });
  return {
    store,
    reopen: async () => {
      await store.close();
      return IdbSyncStore.open("user", { databaseName });
    },
  };
});
