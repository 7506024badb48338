"use client";
/** The page's "available offline" state for React (offline-copies.ts), live. */
import { useSyncExternalStore } from "react";
import {
  EMPTY_OFFLINE_SNAPSHOT,
  getOfflineCopies,
  type OfflineCopies,
  type OfflineSnapshot,
  subscribeOfflineCopies,
} from "./offline-copies";

const noop = () => () => {};

export function useOfflineCopies(): { copies: OfflineCopies | null; snapshot: OfflineSnapshot } {
  const copies = useSyncExternalStore(subscribeOfflineCopies, getOfflineCopies, () => null);
  const snapshot = useSyncExternalStore(
    copies ? copies.subscribe : noop,
    () => copies?.getSnapshot() ?? EMPTY_OFFLINE_SNAPSHOT,
    () => EMPTY_OFFLINE_SNAPSHOT,
  );
  return { copies, snapshot };
}

/** How an item stands: chosen itself, kept through a folder above it, or not kept. */
export type OfflineState = "chosen" | "inherited" | undefined;

export function offlineStateOf(copies: OfflineCopies | null, nodeId: string): OfflineState {
  const choice = copies?.choiceFor(nodeId);
  if (!choice) return undefined;
  return choice === nodeId ? "chosen" : "inherited";
}
