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
import { gql } from "../../lib/gql";
import { isSignedOut, useToSignIn } from "../../lib/use-session";
import { MeQuery } from "../operations";

export interface Me {
  id: string;
  email: string;
  name: string;
}

let mePromise: Promise<Me> | null = null;
let running: { userId: string; engine: Promise<SyncEngine>; disconnect?: () => void } | null = null;

/** The signed-in user, asked once per browser session (forgotten on sign-out). */
export function loadMe(): Promise<Me> {
  if (!mePromise) {
    mePromise = gql(MeQuery).then((data) => data.me);
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
      deviceName: typeof navigator === "undefined" ? "Browser" : navigator.userAgent.slice(0, 60),
    });
    entry.disconnect = connectBrowser(engine, userId);
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
      if (event.type === "notice")
        toast({ message: event.notice.message, tone: event.notice.level === "error" ? "error" : "info" });
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

/** "Syncing…", "All changes saved" or "Offline — N changes waiting", for the top bar. */
export function SyncIndicator() {
  const { status } = useEngineState();
  if (!status) return null;
  const waiting = status.pending + status.parked;
  let text: string;
  if (!status.online) text = `Offline — ${waiting} ${waiting === 1 ? "change" : "changes"} waiting`;
  else if (status.pending > 0 || !status.caughtUp || !status.connected) text = "Syncing…";
  else text = "All changes saved";
  return (
    <span className="sync-indicator" data-testid="sync-indicator" role="status" aria-live="polite">
      {text}
    </span>
  );
}
