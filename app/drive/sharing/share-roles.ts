"use client";
/**
 * The signed-in user's shares and their role in each, for the drive's badges and for hiding what
 * a viewer may not do. A shared folder is a namespace (docs/sharing.md): its `Share.id` is the
 * `namespaceId` of every node inside it, so the role of a node is the role of its namespace, and
 * OWNER for the user's home namespace.
 *
 * One store per sync engine, for the whole browser session (like the engine): the shares are
 * asked once, then again only when the index shows a namespace or a share's top folder appear, go
 * or change (a role change gives the top folder a new rev in the share's journal), after the
 * user's own sharing actions, after a FORBIDDEN answer, and when a hidden page becomes visible
 * again. Navigating the drive asks nothing.
 */
import { useMemo, useSyncExternalStore } from "react";
import type { IndexNode, SyncEngine } from "../../../lib/sync/index";
import type { ShareRole, SharesQuery as SharesData } from "../../__generated__/graphql";
import { gql, isGraphQLRequestError } from "../../lib/gql";
import { useEngineState } from "../data/sync-provider";
import { SharesQuery } from "./operations";

export type { ShareRole };
export type SharedWithMe = SharesData["sharedWithMe"][number];
export type SharedByMe = SharesData["sharedByMe"][number];

export interface SharesSnapshot {
  status: "loading" | "ready" | "error";
  error: unknown;
  withMe: readonly SharedWithMe[];
  byMe: readonly SharedByMe[];
  /** Share id (= namespace id) → the user's role there. */
  roles: ReadonlyMap<string, ShareRole>;
}

/** Index events come in bursts (a feed page, an upload): look at the index once they settle. */
const SETTLE_MS = 150;

const LOADING: SharesSnapshot = {
  status: "loading",
  error: undefined,
  withMe: [],
  byMe: [],
  roles: new Map(),
};

/** Whether a role may change content (create, upload, rename, move, trash, make links). */
export function canEdit(role: ShareRole | null | undefined): boolean {
  return role === "OWNER" || role === "EDITOR";
}

/** Whether `node` is the top folder of a share: its parent lives in another namespace. */
export function isShareTop(engine: SyncEngine, node: IndexNode): boolean {
  if (node.kind !== "folder" || node.parentId === null) return false;
  const parent = engine.getNode(node.parentId);
  return parent !== undefined && parent.namespaceId !== node.namespaceId;
}

/**
 * What the index says about shares: every namespace other than home, and every share top folder
 * with its rev. When this changes, the shares are asked again.
 */
function signature(engine: SyncEngine): string {
  const home = engine.root()?.namespaceId;
  const parts = new Set<string>();
  for (const node of engine.index.all()) {
    if (node.namespaceId === home) continue;
    parts.add(node.namespaceId);
    if (node.parentId !== null && engine.index.get(node.parentId)?.namespaceId !== node.namespaceId)
      parts.add(`${node.id}@${node.rev}@${node.parentId}`);
  }
  return [...parts].sort().join(",");
}

class SharesStore {
  private snapshot: SharesSnapshot = LOADING;
  private readonly listeners = new Set<() => void>();
  private lastSignature: string | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private again = false;

  constructor(private readonly engine: SyncEngine) {
    engine.subscribe((event) => {
      if (event.type === "index") this.scheduleLook();
    });
    if (typeof document !== "undefined") {
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible" && this.engine.status().running) void this.refresh();
      });
    }
    this.lastSignature = signature(engine);
    void this.refresh();
  }

  get current(): SharesSnapshot {
    return this.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Asks the server for the shares now (one request at a time; a call meanwhile asks once more). */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      try {
        do {
          this.again = false;
          await this.load();
        } while (this.again);
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  private async load(): Promise<void> {
    try {
      const data = await gql(SharesQuery);
      const roles = new Map<string, ShareRole>();
      for (const share of data.sharedByMe) roles.set(share.id, share.role);
      for (const share of data.sharedWithMe) roles.set(share.id, share.role);
      this.set({
        status: "ready",
        error: undefined,
        withMe: data.sharedWithMe,
        byMe: data.sharedByMe,
        roles,
      });
    } catch (error) {
      // Signed out: nothing is known any more. Otherwise keep what was known.
      if (isGraphQLRequestError(error) && error.code === "UNAUTHENTICATED")
        this.set({ ...LOADING, status: "error", error });
      else
        this.set({ ...this.snapshot, status: this.snapshot.status === "ready" ? "ready" : "error", error });
    }
  }

  private set(next: SharesSnapshot) {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  private scheduleLook() {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      const next = signature(this.engine);
      if (next === this.lastSignature) return;
      this.lastSignature = next;
      void this.refresh();
    }, SETTLE_MS);
  }
}

const stores = new WeakMap<SyncEngine, SharesStore>();

function storeFor(engine: SyncEngine): SharesStore {
  let store = stores.get(engine);
  if (!store) {
    store = new SharesStore(engine);
    stores.set(engine, store);
  }
  return store;
}

/** Asks for the shares again (after the user's own sharing actions, or a FORBIDDEN answer). */
export function refreshShares(engine: SyncEngine | null): Promise<void> {
  return engine ? storeFor(engine).refresh() : Promise.resolve();
}

const noop = () => () => {};

/** The user's shares (loading until the engine is open and the first answer is in). */
export function useShares(): SharesSnapshot {
  const { engine } = useEngineState();
  const store = engine ? storeFor(engine) : null;
  return useSyncExternalStore(
    store ? store.subscribe : noop,
    () => store?.current ?? LOADING,
    () => LOADING,
  );
}

export interface Access {
  /** The user's home namespace (undefined until the index has its root). */
  home: string | undefined;
  /** The user's role on a node: OWNER at home; null while a share's role is not known yet. */
  roleOf: (node: IndexNode | undefined) => ShareRole | null;
  /** The user's role in a namespace (the same rule, by namespace id). */
  roleIn: (namespaceId: string | undefined) => ShareRole | null;
  /** Whether a node is the top folder of a share. */
  isShareTop: (node: IndexNode) => boolean;
}

/** Roles of index nodes, from the shares and the engine's index. */
export function useAccess(): Access {
  const { engine, version } = useEngineState();
  const shares = useShares();
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the index's contents
  return useMemo((): Access => {
    const home = engine?.root()?.namespaceId;
    const roleIn = (namespaceId: string | undefined): ShareRole | null => {
      if (namespaceId === undefined || home === undefined) return null;
      if (namespaceId === home) return "OWNER";
      return shares.roles.get(namespaceId) ?? null;
    };
    return {
      home,
      roleIn,
      roleOf: (node) => roleIn(node?.namespaceId),
      isShareTop: (node) => (engine ? isShareTop(engine, node) : false),
    };
  }, [engine, version, shares]);
}

export const ROLE_LABEL: Record<ShareRole, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  VIEWER: "Viewer",
};
