"use client";
/**
 * A folder's children, from the local index (lib/sync) with the queued ops applied on top: live
 * (other devices' changes arrive through the feed), sorted here, no round trip once synced.
 */
import { useCallback, useMemo, useState } from "react";
import type { ChildOrder } from "../../__generated__/graphql";
import { GraphQLRequestError } from "../../lib/gql";
import { type DriveEntry, toEntry } from "./entries";
import { PAGE_SIZE } from "./operations";
import { indexUsable, useEngineState } from "./sync-provider";

export type { ChildOrder, DriveEntry };

export interface ChildrenState {
  status: "loading" | "error" | "ready";
  error: unknown;
  entries: DriveEntry[];
  hasMore: boolean;
  loadingMore: boolean;
  /** Shows the next PAGE_SIZE entries (all are local: rendering is what is paged). */
  loadMore: () => Promise<void>;
  /** Kept for callers: the listing follows the index by itself. */
  reload: () => void;
}

const reload = () => {};

/**
 * Children of `folderId` (null: nothing yet) ordered by `order` (folders always first).
 * `reloadKey` is kept for callers; the listing is live.
 */
export function useFolderChildren(folderId: string | null, order: ChildOrder, _reloadKey = 0): ChildrenState {
  const { engine, version, status } = useEngineState();
  const usable = indexUsable(engine, status);
  const key = `${folderId}|${order}`;
  const [shown, setShown] = useState({ key, count: PAGE_SIZE });
  const limit = shown.key === key ? shown.count : PAGE_SIZE;
  const loadMore = useCallback(async () => {
    setShown((s) => ({ key, count: (s.key === key ? s.count : PAGE_SIZE) + PAGE_SIZE }));
  }, [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the index's contents
  const all = useMemo(() => {
    if (!engine || !folderId) return "loading" as const;
    if (!engine.getFolder(folderId)) return usable ? ("gone" as const) : ("loading" as const);
    return engine.listChildren(folderId, order).map((n) => toEntry(engine, n));
  }, [engine, version, folderId, order, usable]);

  return useMemo((): ChildrenState => {
    const base = { loadingMore: false, loadMore, reload };
    if (all === "loading")
      return { ...base, hasMore: false, status: "loading", error: undefined, entries: [] };
    if (all === "gone")
      return {
        ...base,
        hasMore: false,
        status: "error",
        error: new GraphQLRequestError("NOT_FOUND", "folder is gone"),
        entries: [],
      };
    const entries = all.length > limit ? all.slice(0, limit) : all;
    return { ...base, hasMore: all.length > limit, status: "ready", error: undefined, entries };
  }, [all, limit, loadMore]);
}
