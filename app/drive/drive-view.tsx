"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AppShell } from "../components/app-shell";
import {
  CloseIcon,
  DownloadIcon,
  FolderIcon,
  LinkIcon,
  MoveIcon,
  PlusIcon,
  RenameIcon,
  ShareIcon,
  TrashIcon,
} from "../components/icons";
import { useToast } from "../components/toast";
import { contentUrl, startDownloads } from "../lib/content-url";
import { apiPath, driveHref, segmentsFromPathname } from "../lib/drive-paths";
import { describeError } from "../lib/errors";
import { isGraphQLRequestError } from "../lib/gql";
import { isSignedOut, useToSignIn } from "../lib/use-session";
import { type Item, restoreNodes, trashNodes } from "./actions";
import { Breadcrumbs } from "./breadcrumbs";
import { useEngine } from "./data/sync-provider";
import { useFolderByPath } from "./data/use-folder";
import { type ChildOrder, type DriveEntry, useFolderChildren } from "./data/use-folder-children";
import { FolderListing, type ListingActions } from "./folder-listing";
import { MoveDialog } from "./move-dialog";
import { NewFolderForm } from "./new-folder-form";
import { RenameDialog } from "./rename-dialog";
import { useSelection } from "./selection";
import { ShareDialog } from "./sharing/share-dialog";
import { canEdit, ROLE_LABEL, refreshShares, useAccess } from "./sharing/share-roles";
import { UploadActions, UploadsPanel } from "./uploads"; // uploads (issue 4)

type FolderState =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "ready"; folder: { id: string; name: string }; entries: DriveEntry[]; hasMore: boolean };

type OpenDialog =
  | { kind: "rename"; entry: DriveEntry }
  | { kind: "move"; entries: DriveEntry[] }
  | { kind: "share"; entry: DriveEntry; mode: "share" | "link" }
  | null;

const ORDER_KEY = "cairn.drive.order";
const ORDERS: readonly ChildOrder[] = [
  "NAME_ASC",
  "NAME_DESC",
  "MODIFIED_ASC",
  "MODIFIED_DESC",
  "SIZE_ASC",
  "SIZE_DESC",
];

/** The listing order, remembered across folders and visits. */
function useOrder(): [ChildOrder, (order: ChildOrder) => void] {
  const [order, setOrder] = useState<ChildOrder>("NAME_ASC");
  useEffect(() => {
    const saved = localStorage.getItem(ORDER_KEY) as ChildOrder | null;
    if (saved && ORDERS.includes(saved)) setOrder(saved);
  }, []);
  const change = useCallback((next: ChildOrder) => {
    setOrder(next);
    localStorage.setItem(ORDER_KEY, next);
  }, []);
  return [order, change];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A folder of the signed-in user's drive: breadcrumbs, "New folder", the sortable listing with
 * selection, rename, move, trash (with Undo) and download. An expired session goes to /signin.
 * The listing is the local index with queued changes on top; every change goes through the sync
 * engine's outbox (actions.ts), so it shows at once and works offline.
 */
export function DriveView() {
  const router = useRouter();
  const pathname = usePathname();
  const segments = useMemo(() => segmentsFromPathname(pathname), [pathname]);
  const path = apiPath(segments);
  const toSignIn = useToSignIn();
  const toast = useToast();
  const engine = useEngine();
  const [order, setOrder] = useOrder();
  const [reloads, setReloads] = useState(0);
  const [creating, setCreating] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const newFolderButton = useRef<HTMLButtonElement>(null);

  const folderState = useFolderByPath(path);
  const folderId = folderState.kind === "ready" ? folderState.folder.id : null;
  const access = useAccess();
  const folderNode = folderId ? engine?.getNode(folderId) : undefined;
  // Your role here: OWNER at home; in a shared folder, the share's (null until known).
  const folderRole = access.roleOf(folderNode);
  const inShare =
    folderNode !== undefined && access.home !== undefined && folderNode.namespaceId !== access.home;
  const canCreate = canEdit(folderRole);
  const children = useFolderChildren(folderId, order, reloads);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  const failure =
    folderState.kind === "error"
      ? folderState
      : children.status === "error"
        ? { error: children.error }
        : null;
  useEffect(() => {
    if (failure && isSignedOut(failure.error)) toSignIn();
  }, [failure, toSignIn]);

  const current: FolderState =
    folderState.kind === "error"
      ? {
          kind: "error",
          message: folderState.notAFolder
            ? "This is a file, not a folder."
            : describeError(folderState.error),
        }
      : children.status === "error"
        ? { kind: "error", message: describeError(children.error) }
        : folderState.kind === "ready" && children.status === "ready"
          ? {
              kind: "ready",
              folder: folderState.folder,
              entries: children.entries,
              hasMore: children.hasMore,
            }
          : { kind: "loading" };

  const entries = current.kind === "ready" ? current.entries : [];
  const ids = useMemo(() => entries.map((e) => e.id), [entries]);
  const selection = useSelection(ids);
  const selected = entries.filter((e) => selection.selected.has(e.id));

  const title =
    current.kind === "ready" ? current.folder.name || "My files" : (segments.at(-1) ?? "My files");

  useEffect(() => {
    document.title = `${title} · Cairn`;
  }, [title]);

  // A new folder starts with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on navigation only
  useEffect(() => {
    selection.reset();
    setDialog(null);
  }, [path]);

  function closeNewFolder() {
    setCreating(false);
    newFolderButton.current?.focus();
  }

  function hrefOf(entry: DriveEntry) {
    return entry.__typename === "Folder" ? driveHref([...segments, entry.name]) : `/file/${entry.id}`;
  }

  async function undoTrash(items: Item[]) {
    if (!engine) return;
    const result = await restoreNodes(engine, items);
    const first = result.failed[0];
    if (first) {
      toast({
        tone: "error",
        message: `Couldn't restore ${plural(result.failed.length, "item")}: ${describeError(first.error, "item")}`,
      });
      return;
    }
    toast({
      message:
        result.done.length === 1
          ? `“${result.done[0]?.name}” restored`
          : `${plural(result.done.length, "item")} restored`,
    });
  }

  /** A refusal for lack of rights means the roles we hold are stale: ask again. */
  function noteRefusal(error: unknown) {
    if (isGraphQLRequestError(error) && error.code === "FORBIDDEN") void refreshShares(engine);
  }

  async function trash(items: DriveEntry[]) {
    if (items.length === 0 || !engine) return;
    const result = await trashNodes(
      engine,
      items.map(({ id, name }) => ({ id, name })),
    );
    const first = result.failed[0];
    if (first) noteRefusal(first.error);
    if (result.done.length > 0) {
      const message =
        result.done.length === 1
          ? `“${result.done[0]?.name}” moved to trash`
          : `${plural(result.done.length, "item")} moved to trash`;
      setAnnouncement(message);
      toast({ message, action: { label: "Undo", onClick: () => void undoTrash(result.done) } });
    }
    if (first) {
      toast({
        tone: "error",
        message: `Couldn't move ${plural(result.failed.length, "item")} to trash: ${describeError(first.error, "item")}`,
      });
    }
  }

  function download(items: DriveEntry[]) {
    const files = items.filter((e) => e.__typename === "File");
    if (files.length < items.length) {
      toast({
        message:
          files.length === 0
            ? "Folders can't be downloaded yet. Open the folder and download its files."
            : `Downloading ${plural(files.length, "file")}. Folders can't be downloaded yet.`,
      });
    }
    void startDownloads(files.map((f) => contentUrl(f.id, { download: true })));
  }

  /** Rename, move, trash: owners and editors, except a share's top folder for its members. */
  function entryEditable(entry: DriveEntry): boolean {
    const role = access.roleIn(entry.namespaceId);
    return canEdit(role) && !(entry.shareTop && role !== "OWNER");
  }

  /** Owners share their folders with people; owners and editors make links; viewers get neither. */
  function shareMode(entry: DriveEntry): "share" | "link" | null {
    const role = access.roleIn(entry.namespaceId);
    if (!canEdit(role) || entry.pending) return null;
    if (
      entry.__typename === "Folder" &&
      role === "OWNER" &&
      (entry.namespaceId === access.home || entry.shareTop)
    )
      return "share";
    return "link";
  }

  function badgeOf(entry: DriveEntry) {
    if (!entry.shareTop) return null;
    const role = access.roleIn(entry.namespaceId);
    if (role === "OWNER" || role === null) return { label: "Shared", title: "Shared folder" };
    return {
      label: `Shared · ${ROLE_LABEL[role]}`,
      title: `Shared with you: you are ${ROLE_LABEL[role].toLowerCase()}`,
    };
  }

  const actions: ListingActions = {
    hrefOf,
    onOpen: (entry) => router.push(hrefOf(entry)),
    onRename: (entry) => setDialog({ kind: "rename", entry }),
    onMove: (items) => setDialog({ kind: "move", entries: items }),
    onTrash: (items) => void trash(items),
    onDownload: download,
    canEdit: entryEditable,
    shareMode,
    onShare: (entry) => {
      const mode = shareMode(entry);
      if (mode) setDialog({ kind: "share", entry, mode });
    },
    badgeOf,
  };
  const selectedEditable = selected.length > 0 && selected.every(entryEditable);
  const selectedShare = selected.length === 1 ? shareMode(selected[0]!) : null;

  return (
    <AppShell busy={current.kind === "loading"}>
      <div className="drive-nav">{segments.length > 0 && <Breadcrumbs segments={segments} />}</div>
      <div className="drive-head">
        <h1>{title}</h1>
        {current.kind === "ready" && canCreate && (
          <div className="drive-head-actions">
            {/* uploads (issue 4): Upload, Upload folder, drop anywhere; refreshes when uploads land here */}
            <UploadActions folderId={current.folder.id} folderName={title} onChange={reload} />
            <button
              ref={newFolderButton}
              type="button"
              className="button primary"
              aria-expanded={creating}
              aria-controls={creating ? "new-folder" : undefined}
              onClick={() => setCreating((open) => !open)}
            >
              <PlusIcon />
              New folder
            </button>
          </div>
        )}
      </div>
      {current.kind === "ready" && inShare && (
        <p className="share-banner" data-testid="folder-role">
          <ShareIcon />
          <span>
            Shared folder ·{" "}
            {folderRole === "OWNER"
              ? "you are the owner"
              : folderRole === "EDITOR"
                ? "you can edit"
                : folderRole === "VIEWER"
                  ? "you can view and download"
                  : "checking your access…"}
          </span>
        </p>
      )}
      {current.kind === "ready" && creating && canCreate && (
        <NewFolderForm
          id="new-folder"
          parentId={current.folder.id}
          onCancel={closeNewFolder}
          onCreated={(name) => {
            setAnnouncement(`Folder “${name}” created`);
            closeNewFolder();
          }}
        />
      )}
      <p className="sr-only" role="status">
        {announcement}
      </p>

      {current.kind === "loading" && <p className="muted listing-placeholder">Loading…</p>}
      {current.kind === "error" && (
        <div className="notice" role="alert">
          <p>{current.message}</p>
          {path !== "/" && (
            <p>
              <Link href="/drive">Go to My files</Link>
            </p>
          )}
        </div>
      )}
      {current.kind === "ready" &&
        (current.entries.length === 0 ? (
          <div className="empty">
            <FolderIcon />
            <p className="empty-title">This folder is empty</p>
            <p className="muted">
              {canCreate ? "Create a folder with “New folder”." : "Nothing has been added here yet."}
            </p>
          </div>
        ) : (
          <>
            <div
              className="selection-bar"
              role="toolbar"
              aria-label="Selection"
              data-active={selected.length > 0}
            >
              {selected.length === 0 ? (
                <p className="muted selection-count">
                  {plural(current.entries.length, "item")}
                  {current.hasMore ? " shown" : ""}
                </p>
              ) : (
                <>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label="Clear selection"
                    title="Clear selection (Esc)"
                    onClick={() => selection.clear()}
                  >
                    <CloseIcon />
                  </button>
                  <p className="selection-count">{selected.length} selected</p>
                  <div className="selection-actions">
                    {selected.some((e) => e.__typename === "File") && (
                      <button type="button" className="button subtle" onClick={() => download(selected)}>
                        <DownloadIcon />
                        Download
                      </button>
                    )}
                    {selectedShare && (
                      <button
                        type="button"
                        className="button subtle"
                        onClick={() => actions.onShare(selected[0]!)}
                      >
                        {selectedShare === "share" ? <ShareIcon /> : <LinkIcon />}
                        {selectedShare === "share" ? "Share" : "Get link"}
                      </button>
                    )}
                    {selected.length === 1 && selectedEditable && (
                      <button
                        type="button"
                        className="button subtle"
                        onClick={() => actions.onRename(selected[0]!)}
                      >
                        <RenameIcon />
                        Rename
                      </button>
                    )}
                    {selectedEditable && (
                      <>
                        <button
                          type="button"
                          className="button subtle"
                          onClick={() => actions.onMove(selected)}
                        >
                          <MoveIcon />
                          Move
                        </button>
                        <button
                          type="button"
                          className="button subtle danger"
                          onClick={() => actions.onTrash(selected)}
                        >
                          <TrashIcon />
                          Move to trash
                        </button>
                      </>
                    )}
                  </div>
                </>
              )}
            </div>
            <FolderListing
              title={title}
              entries={current.entries}
              order={order}
              onSort={setOrder}
              selection={selection}
              actions={actions}
            />
            {current.hasMore && (
              <div className="load-more">
                <button
                  type="button"
                  className="button"
                  onClick={() => children.loadMore()}
                  disabled={children.loadingMore}
                >
                  {children.loadingMore ? "Loading…" : "Show more"}
                </button>
              </div>
            )}
          </>
        ))}

      {current.kind === "ready" && dialog?.kind === "rename" && (
        <RenameDialog
          item={{
            id: dialog.entry.id,
            name: dialog.entry.name,
            isFolder: dialog.entry.__typename === "Folder",
          }}
          onClose={() => setDialog(null)}
          onRenamed={(name) => {
            setDialog(null);
            setAnnouncement(`Renamed to “${name}”`);
            toast({ message: `Renamed to “${name}”` });
          }}
        />
      )}
      {current.kind === "ready" && dialog?.kind === "move" && (
        <MoveDialog
          items={dialog.entries.map(({ id, name }) => ({ id, name }))}
          sourceFolderId={current.folder.id}
          onClose={() => setDialog(null)}
          onMoved={(result, destination) => {
            setDialog(null);
            const moved =
              result.done.length === 1 ? `“${result.done[0]?.name}”` : plural(result.done.length, "item");
            const message = `Moved ${moved} to “${destination.name}”`;
            setAnnouncement(message);
            const first = result.failed[0];
            toast(
              first
                ? {
                    tone: "error",
                    message: `${message}. ${plural(result.failed.length, "item")} couldn't be moved: ${describeError(first.error, "item")}`,
                  }
                : { message },
            );
          }}
        />
      )}
      {current.kind === "ready" && dialog?.kind === "share" && (
        <ShareDialog
          item={{
            id: dialog.entry.id,
            name: dialog.entry.name,
            isFolder: dialog.entry.__typename === "Folder",
          }}
          mode={dialog.mode}
          onClose={() => setDialog(null)}
          onSignedOut={toSignIn}
        />
      )}
      {/* uploads (issue 4): the uploads panel; resumes unfinished uploads on load */}
      <UploadsPanel />
    </AppShell>
  );
}
