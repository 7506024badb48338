"use client";
/** React bindings of the upload manager: its snapshot, and a callback when a folder's contents change. */
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { UploadsSnapshot } from "@/lib/upload";
import { getUploadManager } from "./upload-service";

const EMPTY: UploadsSnapshot = {
  items: [],
  totals: {
    count: 0,
    active: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    bytes: 0,
    bytesUploaded: 0,
    bytesSkipped: 0,
    speed: undefined,
    secondsLeft: undefined,
  },
};

const subscribe = (listener: () => void) => getUploadManager().subscribe(listener);
const getSnapshot = () => getUploadManager().getSnapshot();
const getServerSnapshot = () => EMPTY;

export function useUploads(): UploadsSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

/**
 * Calls `onChange` when uploads add something to folder `folderId` (a committed file, a created
 * folder), at most every `delayMs`, so a listing can refresh.
 */
export function useFolderChanges(folderId: string, onChange: () => void, delayMs = 250): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = getUploadManager().onTreeChange((parentId) => {
      if (parentId !== folderId || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        callback.current();
      }, delayMs);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [folderId, delayMs]);
}
