import type { Metadata } from "next";
import { StorageView } from "../drive/offline/storage-view";

export const metadata: Metadata = { title: "Offline storage" };

/** /storage: what this device keeps for offline use, how much room it takes, and unpinning. */
export default function StoragePage() {
  return <StorageView />;
}
