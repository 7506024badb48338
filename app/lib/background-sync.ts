/**
 * Background Sync for the outbox, where the browser has it (Chromium): while changes wait and the
 * network is gone, the page registers the `cairn-outbox` sync tag; when the browser sees the
 * network again it wakes the service worker (app/sw.ts), which tells every open page to push. The
 * replay itself is the sync engine's, in the page: this only wakes it (the `online` event usually
 * does so too; the sync event also comes when the page missed that).
 */
import type { SyncEngine } from "../../lib/sync/index";
import { isSwToPageMessage, OUTBOX_SYNC_TAG } from "./sw-messages";

interface SyncManager {
  register(tag: string): Promise<void>;
}

/** Wires `engine` to Background Sync; returns the function that undoes it. */
export function connectBackgroundSync(engine: SyncEngine): () => void {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return () => {};
  const container = navigator.serviceWorker;

  const onMessage = (event: MessageEvent) => {
    if (isSwToPageMessage(event.data)) engine.online();
  };
  container.addEventListener("message", onMessage);

  let registered = false;
  const unsubscribe = engine.subscribe(() => {
    const status = engine.status();
    if (status.online) registered = false;
    else if (!registered && status.pending > 0 && container.controller) {
      registered = true;
      void container.ready
        .then((registration) => (registration as { sync?: SyncManager }).sync?.register(OUTBOX_SYNC_TAG))
        .catch(() => {}); // not allowed here (permission, browser): the online event still replays
    }
  });

  return () => {
    container.removeEventListener("message", onMessage);
    unsubscribe();
  };
}
