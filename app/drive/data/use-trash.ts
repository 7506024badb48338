"use client";
/** The trash: items put there, most recent first, from the local index (see use-folder-children.ts). */
import { useMemo } from "react";
import type { DriveTrashQuery } from "../../__generated__/graphql";
import { toEntry } from "./entries";
import { indexUsable, useEngineState } from "./sync-provider";

export type TrashEntry = DriveTrashQuery["trash"]["nodes"][number] & { pending?: boolean };

export interface TrashState {
  status: "loading" | "error" | "ready";
  error: unknown;
  entries: TrashEntry[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => void;
}

const loadMore = async () => {};
const reload = () => {};

export function useTrash(): TrashState {
  const { engine, version, status } = useEngineState();
  const usable = indexUsable(engine, status);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the index's contents
  return useMemo((): TrashState => {
    const base = { hasMore: false, loadingMore: false, loadMore, reload, error: undefined };
    if (!engine || !usable) return { ...base, status: "loading", entries: [] };
    const entries = engine.listTrash().map(
      (n): TrashEntry => ({
        ...toEntry(engine, n),
        path: engine.pathOf(n.id) ?? `/${n.name}`,
        trashedAt: n.trashedAt,
      }),
    );
    return { ...base, status: "ready", entries };
  }, [engine, version, usable]);
}
