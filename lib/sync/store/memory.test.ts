import { runSyncStoreConformance } from "./conformance";
import { MemorySyncStore } from "./memory";

runSyncStoreConformance("MemorySyncStore", async () => {
  const store = new MemorySyncStore();
  return { store, reopen: async () => store.reopen() };
});
