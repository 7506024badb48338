/**
 * The browser glue, kept out of the core: connectivity events, one pushing tab (Web Locks), and
 * telling other tabs that the shared store changed (BroadcastChannel). The globals are
 * parameters, so this runs under test with fakes.
 */
import type { SyncEngine } from "./engine";
import type { SyncNotice } from "./notices";

export interface BrowserGlobals {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
  navigator: {
    onLine: boolean;
    locks?: { request(name: string, callback: () => Promise<void>): Promise<unknown> };
  };
  BroadcastChannel?: new (
    name: string,
  ) => {
    postMessage(message: unknown): void;
    addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
    close(): void;
  };
}

/**
 * Wires an engine to the page: `online`/`offline` events drive `engine.online()`/`offline()`;
 * only the tab holding the lock `cairn-sync-push-<userId>` pushes the outbox (the others take
 * over when it closes); a change this tab made is announced on `cairn-sync-<userId>` so the other
 * tabs re-read the store, and so are the notices of the ops this tab settled (the op may have
 * been made in another tab, where the user is looking). Returns a function that undoes all of it.
 */
export function connectBrowser(
  engine: SyncEngine,
  userId: string,
  globals: BrowserGlobals = globalThis as unknown as BrowserGlobals,
): () => void {
  const onOnline = () => engine.online();
  const onOffline = () => engine.offline();
  globals.addEventListener("online", onOnline);
  globals.addEventListener("offline", onOffline);
  if (!globals.navigator.onLine) engine.offline();

  let releaseLock: (() => void) | undefined;
  const locks = globals.navigator.locks;
  if (locks) {
    engine.setPushEnabled(false);
    void locks.request(`cairn-sync-push-${userId}`, () => {
      engine.setPushEnabled(true);
      return new Promise<void>((resolve) => {
        releaseLock = resolve;
      });
    });
  }

  const Channel = globals.BroadcastChannel;
  const channel = Channel ? new Channel(`cairn-sync-${userId}`) : undefined;
  channel?.addEventListener("message", (event) => {
    const message = event.data as { type?: string; notice?: SyncNotice } | null;
    if (message?.type === "notice" && message.notice) engine.relayNotice(message.notice);
    else void engine.reload();
  });
  const unsubscribe = engine.subscribe((event) => {
    if ((event.type === "index" || event.type === "outbox") && !event.fromStore)
      channel?.postMessage({ type: event.type });
    if (event.type === "notice" && !event.relayed)
      channel?.postMessage({ type: "notice", notice: event.notice });
  });

  return () => {
    globals.removeEventListener("online", onOnline);
    globals.removeEventListener("offline", onOffline);
    engine.setPushEnabled(false);
    releaseLock?.();
    unsubscribe();
    channel?.close();
  };
}
