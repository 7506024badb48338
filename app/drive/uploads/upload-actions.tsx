"use client";

import { useEffect, useRef, useState } from "react";
import { BlobSource } from "@/lib/upload";
import { carriesFiles, collectDrop, fromFileList, type Picked, snapshotDrop } from "./collect-files";
import { FolderUploadIcon, UploadIcon } from "./icons";
import { getUploadManager } from "./upload-service";
import styles from "./uploads.module.css";
import { useFolderChanges } from "./use-uploads";

/** Queues what was picked or dropped for upload into `folderId`, recreating dropped folders. */
function startUploads(folderId: string, picked: Picked): void {
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
        (picked) => startUploads(folderId, picked),
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
    if (input.files && input.files.length > 0) startUploads(folderId, fromFileList(input.files));
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
