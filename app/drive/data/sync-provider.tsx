"use client";
/**
 * The local-first sync engine (lib/sync) of the signed-in user, shared by the drive, trash and
 * file pages. One engine per user lives for the whole browser session (module scope), so a
 * client-side navigation — which remounts the pages — neither reopens IndexedDB nor refetches
 * the tree: after the first sync, reads are answered from the local index.
 */
import { type ReactNode, useEffect, useSyncExternalStore } from "react";
import { connectBrowser } from "../../../lib/sync/browser";
import { createHttpTransport, createWsTransport, SyncEngine, type SyncStatus } from "../../../lib/sync/index";
import { IdbSyncStore } from "../../../lib/sync/store/idb";
import { useToast } from "../../components/toast";
import { connectBackgroundSync } from "../../lib/background-sync";
import { browserDeviceName } from "../../lib/device-name";
import { gql, isGraphQLRequestError } from "../../lib/gql";
import { isSignedOut, useToSignIn } from "../../lib/use-session";
import { OfflineCopies, setOfflineCopies } from "../offline/offline-copies";
import { releaseSettled, uploadChunksFromDevice } from "../offline/upload-chunks";
import { MeQuery } from "../operations";

export interface Me {
  id: string;
  email: string;
  name: string;
}

let mePromise: Promise<Me> | null = null;
let running: { userId: string; engine: Promise<SyncEngine>; disconnect?: () => void } | null = null;

/**
 * Who was signed in last on this browser (id, email, name: what the top bar shows and which local
 * index to open). Lets a page loaded offline open that user's index; the server still decides
 * everything once it answers. Forgotten on sign-out and when the server says the session is gone.
 */
const LAST_USER_KEY = "cairn.lastUser";

function rememberUser(me: Me): void {
  try {
    localStorage.setItem(LAST_USER_KEY, JSON.stringify({ id: me.id, email: me.email, name: me.name }));
  } catch {
    // storage full or disabled: offline start-up just will not know the user
  }
}

function forgetUser(): void {
  try {
    localStorage.removeItem(LAST_USER_KEY);
  } catch {
    // nothing stored
  }
}

function lastUser(): Me | null {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_USER_KEY) ?? "null") as Partial<Me> | null;
    if (typeof saved?.id !== "string" || typeof saved.email !== "string") return null;
    return { id: saved.id, email: saved.email, name: typeof saved.name === "string" ? saved.name : "" };
  } catch {
    return null;
  }
}

/**
 * The signed-in user, asked once per browser session (forgotten on sign-out). When the server
 * cannot be reached (offline), the user last signed in on this browser, if any.
 */
export function loadMe(): Promise<Me> {
  if (!mePromise) {
    mePromise = gql(MeQuery).then(
      (data) => {
        rememberUser(data.me);
        return data.me;
      },
      (error) => {
        if (isSignedOut(error)) forgetUser();
        const last = isGraphQLRequestError(error) && error.code === "NETWORK_ERROR" ? lastUser() : null;
        if (!last) throw error;
        mePromise = null; // ask the server again on the next mount (e.g. once back online)
        return last;
      },
    );
    mePromise.catch(() => {
      mePromise = null;
    });
  }
  return mePromise;
}

function engineFor(userId: string): Promise<SyncEngine> {
  if (running?.userId === userId) return running.engine;
  void stopEngine();
  const entry: NonNullable<typeof running> = {
    userId,
    engine: Promise.resolve(null as unknown as SyncEngine),
  };
  entry.engine = (async () => {
    const http = createHttpTransport({ baseUrl: "" });
    const ws = createWsTransport({ url: `${location.origin.replace(/^http/, "ws")}/api/graphql` });
    const engine = new SyncEngine({
      store: await IdbSyncStore.open(userId),
      transport: { pull: http.pull, mutate: http.mutate, subscribe: ws.subscribe },
      // Content made on this device (offline uploads and edits) is sent from the chunk cache.
      uploadChunks: uploadChunksFromDevice(userId),
      onSettle: releaseSettled(userId),
      // Named in conflicted copies: "Chrome on Linux" (a user agent string has slashes, which a
      // device name may not).
      deviceName: browserDeviceName(),
    });
    const disconnectBrowser = connectBrowser(engine, userId);
    const disconnectBackgroundSync = connectBackgroundSync(engine);
    const offlineCopies = new OfflineCopies(engine, userId);
    setOfflineCopies(offlineCopies);
    entry.disconnect = () => {
      setOfflineCopies(null);
      disconnectBackgroundSync();
      disconnectBrowser();
    };
    await engine.start();
    if (process.env.NODE_ENV !== "production")
      (window as unknown as { __cairnSync?: SyncEngine }).__cairnSync = engine;
    return engine;
  })();
  running = entry;
  entry.engine.catch(() => {
    if (running === entry) running = null;
  });
  return entry.engine;
}

/** Stops the engine and forgets the user (sign-out, or the session is gone). */
export function forgetSession(): Promise<void> {
  mePromise = null;
  forgetUser();
  setCurrent({ me: null, engine: null });
  return stopEngine();
}

async function stopEngine(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  current.disconnect?.();
  const engine = await current.engine.catch(() => null);
  await engine?.stop();
}

interface Current {
  me: Me | null;
  engine: SyncEngine | null;
}

/**
 * The session and engine in use, outside React: the pages that render AppShell (and so the
 * provider) call the data hooks above it in the tree, so the hooks cannot read a context.
 */
let current: Current = { me: null, engine: null };
const currentListeners = new Set<() => void>();

function setCurrent(next: Current) {
  if (next.me === current.me && next.engine === current.engine) return;
  current = next;
  for (const listener of currentListeners) listener();
}

function subscribeCurrent(listener: () => void) {
  currentListeners.add(listener);
  return () => currentListeners.delete(listener);
}

const serverCurrent: Current = { me: null, engine: null };

function useCurrent(): Current {
  return useSyncExternalStore(
    subscribeCurrent,
    () => current,
    () => serverCurrent,
  );
}

/** Opens the signed-in user's engine for the pages (and their data hooks); notices become toasts. */
export function SyncProvider({ children }: { children: ReactNode }) {
  const toSignIn = useToSignIn();
  const toast = useToast();

  useEffect(() => {
    let cancelled = false;
    loadMe().then(
      (me) => {
        if (cancelled) return;
        if (current.me?.id !== me.id) setCurrent({ me, engine: null });
        engineFor(me.id).then(
          (engine) => {
            if (running?.userId === me.id) setCurrent({ me, engine });
          },
          () => {},
        );
      },
      (error) => {
        if (!cancelled && isSignedOut(error)) toSignIn();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [toSignIn]);

  const { engine } = useCurrent();
  useEffect(() => {
    if (!engine) return;
    return engine.subscribe((event) => {
      if (event.type !== "notice") return;
      // A change rolled back (or an error) stays until dismissed, as an alert; a change that went
      // through differently (a suffixed name, a folder higher up) is a status message.
      const { level, code, message } = event.notice;
      toast({ message, tone: level === "error" || code === "dropped" ? "error" : "info" });
    });
  }, [engine, toast]);

  return children;
}

/** The signed-in user (null until known). */
export function useSessionUser(): Me | null {
  return useCurrent().me;
}

/** The engine (null until the session is known and the local index is open). */
export function useEngine(): SyncEngine | null {
  return useCurrent().engine;
}

export interface EngineState {
  engine: SyncEngine | null;
  /** Bumped on every engine event: a dependency for memoized reads of the index. */
  version: number;
  status: SyncStatus | null;
}

interface Snapshot {
  version: number;
  status: SyncStatus;
}

const snapshots = new WeakMap<SyncEngine, { snapshot: Snapshot }>();

function holder(engine: SyncEngine) {
  let h = snapshots.get(engine);
  if (!h) {
    const created = { snapshot: { version: 0, status: engine.status() } };
    engine.subscribe(() => {
      created.snapshot = { version: created.snapshot.version + 1, status: engine.status() };
    });
    snapshots.set(engine, created);
    h = created;
  }
  return h;
}

const noop = () => () => {};

/** The engine and a snapshot of it that changes on every index, outbox or status change. */
export function useEngineState(): EngineState {
  const engine = useEngine();
  const snapshot = useSyncExternalStore(
    engine
      ? (listener) => {
          holder(engine);
          return engine.subscribe(() => listener());
        }
      : noop,
    () => (engine ? holder(engine).snapshot : null),
    () => null,
  );
  return { engine, version: snapshot?.version ?? -1, status: snapshot?.status ?? null };
}

/** Whether the local index can answer "does X exist" (synced once, or offline with a copy). */
export function indexUsable(engine: SyncEngine | null, status: SyncStatus | null): boolean {
  if (!engine || !status) return false;
  return status.caughtUp || (!status.online && engine.root() !== undefined);
}

/** The top bar's sync status: "3 changes waiting to sync", "Syncing…" or "All changes saved". */
export function syncStatusText(status: SyncStatus): string {
  const waiting = status.pending + status.parked;
  const changes = `${waiting} ${waiting === 1 ? "change" : "changes"}`;
  if (waiting > 0) return status.online ? `Syncing ${changes}…` : `${changes} waiting to sync`;
  if (!status.online) return "Offline";
  if (!status.caughtUp || !status.connected) return "Syncing…";
  return "All changes saved";
}

export function SyncIndicator() {
  const { status } = useEngineState();
  if (!status) return null;
  return (
    <span
      className="sync-indicator"
      data-testid="sync-indicator"
      data-online={status.online}
      role="status"
      aria-live="polite"
    >
      {syncStatusText(status)}
    </span>
  );
}

/**
 * Shown while the browser is offline: the user may keep working; changes wait in the outbox
 * (IndexedDB) and are sent when the connection returns. The live region is always there, so the
 * banner's appearance is announced.
 */
export function OfflineBanner() {
  const { status } = useEngineState();
  const offline = status !== null && !status.online;
  return (
    <div className="offline-banner-region" role="status" aria-live="polite" data-testid="offline-banner">
      {offline && (
        <p className="offline-banner">
          <strong>You're offline.</strong> You can keep working: your changes are kept on this device and sync
          when the connection is back.
        </p>
      )}
    </div>
  );
}
