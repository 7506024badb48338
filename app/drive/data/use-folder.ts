"use client";
/**
 * Which folder a drive URL names, answered by the local index (lib/sync): no round trip once the
 * index has synced.
 */
import { useMemo } from "react";
import { GraphQLRequestError } from "../../lib/gql";
import { indexUsable, useEngineState } from "./sync-provider";

export interface FolderInfo {
  id: string;
  name: string;
  path: string;
}

export type FolderState =
  | { kind: "loading" }
  | { kind: "error"; error: unknown; notAFolder?: boolean }
  | { kind: "ready"; folder: FolderInfo };

/** The folder at `path` ("/" is the root). `reloadKey` is kept for callers; the index is live. */
export function useFolderByPath(path: string, _reloadKey = 0): FolderState {
  const { engine, version, status } = useEngineState();
  const usable = indexUsable(engine, status);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the index's contents
  return useMemo((): FolderState => {
    if (!engine) return { kind: "loading" };
    const node = engine.resolvePath(path);
    if (!node) {
      if (!usable) return { kind: "loading" };
      return { kind: "error", error: new GraphQLRequestError("NOT_FOUND", "no such folder") };
    }
    if (node.kind !== "folder") return { kind: "error", error: null, notAFolder: true };
    const nodePath = engine.pathOf(node.id) ?? path;
    return { kind: "ready", folder: { id: node.id, name: node.name, path: nodePath } };
  }, [engine, version, path, usable]);
}
