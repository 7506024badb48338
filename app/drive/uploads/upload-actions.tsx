"use client";

import { useEffect, useRef, useState } from "react";
import { BlobSource } from "@/lib/upload";
import { type ToastInput, useToast } from "../../components/toast";
import { describeError } from "../../lib/errors";
import { useEngine, useSessionUser } from "../data/sync-provider";
import { queueUploads } from "../offline/queue-uploads";
import { carriesFiles, collectDrop, fromFileList, type Picked, snapshotDrop } from "./collect-files";
import { FolderUploadIcon, UploadIcon } from "./icons";
import { getUploadManager } from "./upload-service";
import styles from "./uploads.module.css";
import { useFolderChanges } from "./use-uploads";

/** While offline: the engine's outbox keeps the uploads (with their chunks) until the connection returns. */
interface OfflineQueue {
  engine: NonNullable<ReturnType<typeof useEngine>>;
  userId: string;
  toast: (options: ToastInput) => void;
}

function queueOffline(folderId: string, picked: Picked, { engine, userId, toast }: OfflineQueue): void {
  queueUploads(engine, userId, folderId, picked).then(
    ({ queued, failed }) => {
      if (queued.length > 0)
        toast({
          message:
            queued.length === 1
              ? `“${queued[0]}” will upload when you're back online`
              : `${queued.length} files will upload when you're back online`,
        });
      const first = failed[0];
      if (first)
        toast({
          tone: "error",
          message: `Couldn't keep “${first.name}” for upload: ${describeError(first.error, "file")}`,
        });
    },
    (error: unknown) =>
      toast({
        tone: "error",
        message: `Couldn't keep the files for upload: ${describeError(error, "file")}`,
      }),
  );
}

/** Queues what was picked or dropped for upload into `folderId`, recreating dropped folders. */
function startUploads(folderId: string, picked: Picked, offline: OfflineQueue | null): void {
  if (offline && !offline.engine.status().online) {
    queueOffline(folderId, picked, offline);
    return;
  }
  const manager = getUploadManager();
  manager.add(
    picked.files.map(({ file, dirs }) => ({
      source: new BlobSource(file),
      name: file.name,
      parentId: folderId,
      dirs,
    })),
  );
  // Empty folders of a dropped tree too (the others are made on the way by their files).
  if (picked.folders.length > 0) {
    manager.ensureFolders(folderId, picked.folders).catch((error: unknown) => {
      console.warn("uploads: could not create a dropped folder", error);
    });
  }
}

/**
 * "Upload" and "Upload folder" buttons for the folder being viewed, and dropping files and folders
 * anywhere on the page to upload them there. Calls `onChange` when uploads add to this folder.
 */
export function UploadActions({
  folderId,
  folderName,
  onChange,
}: {
  folderId: string;
  folderName: string;
  onChange: () => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const engine = useEngine();
  const me = useSessionUser();
  const toast = useToast();
  const offline = useRef<OfflineQueue | null>(null);
  offline.current = engine && me ? { engine, userId: me.id, toast } : null;
  useFolderChanges(folderId, onChange);

  useEffect(() => {
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, []);

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (!event.dataTransfer || !carriesFiles(event.dataTransfer)) return;
      event.preventDefault();
      const items = snapshotDrop(event.dataTransfer);
      collectDrop(items).then(
        (picked) => startUploads(folderId, picked, offline.current),
        (error: unknown) => console.warn("uploads: could not read what was dropped", error),
      );
    };
    window.addEventListener("dragenter", onEnter);
    window.addEventListener("dragover", onOver);
    window.addEventListener("dragleave", onLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragenter", onEnter);
      window.removeEventListener("dragover", onOver);
      window.removeEventListener("dragleave", onLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, [folderId]);

  function onPicked(input: HTMLInputElement) {
    if (input.files && input.files.length > 0)
      startUploads(folderId, fromFileList(input.files), offline.current);
    input.value = ""; // picking the same file again uploads it again
  }

  return (
    <>
      <button type="button" className="button" onClick={() => fileInput.current?.click()}>
        <UploadIcon />
        Upload
      </button>
      <button type="button" className="button" onClick={() => folderInput.current?.click()}>
        <FolderUploadIcon />
        Upload folder
      </button>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        aria-label="Files to upload"
        data-testid="upload-files-input"
        onChange={(event) => onPicked(event.currentTarget)}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        aria-label="Folder to upload"
        data-testid="upload-folder-input"
        onChange={(event) => onPicked(event.currentTarget)}
      />
      {dragging && (
        <div className={styles.dropOverlay} aria-hidden="true">
          <div className={styles.dropMessage}>
            <UploadIcon />
            <span>
              Drop to upload to <strong>{folderName}</strong>
            </span>
          </div>
        </div>
      )}
    </>
  );
}
