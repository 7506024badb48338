"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { AppShell } from "../components/app-shell";
import { Dialog } from "../components/dialog";
import { RestoreIcon, TrashIcon } from "../components/icons";
import { useToast } from "../components/toast";
import { deleteForever, restoreNodes } from "../drive/actions";
import { useEngine } from "../drive/data/sync-provider";
import { type TrashEntry, useTrash } from "../drive/data/use-trash";
import { EntryIcon, PendingBadge } from "../drive/folder-listing";
import { driveHref } from "../lib/drive-paths";
import { describeError } from "../lib/errors";
import { formatBytes, formatModified } from "../lib/format";
import { isSignedOut, useToSignIn } from "../lib/use-session";

/** "/Photos/2026/a.jpg" → ["Photos", "2026"]: the folder an item was in. */
function parentSegments(path: string): string[] {
  return path.split("/").filter(Boolean).slice(0, -1);
}

export function TrashView() {
  const router = useRouter();
  const toSignIn = useToSignIn();
  const toast = useToast();
  const trash = useTrash();
  const engine = useEngine();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<TrashEntry | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const now = new Date();

  useEffect(() => {
    document.title = "Trash · Cairn";
  }, []);
  useEffect(() => {
    if (trash.status === "error" && isSignedOut(trash.error)) toSignIn();
  }, [trash.status, trash.error, toSignIn]);

  // Restore and delete forever are queued in the outbox: the trash shows the result at once
  // (online or not); a refusal from the server later is rolled back with a notice.
  async function restore(entry: TrashEntry) {
    if (!engine) return;
    setBusy(entry.id);
    const result = await restoreNodes(engine, [{ id: entry.id, name: entry.name }]);
    setBusy(null);
    const failure = result.failed[0];
    if (failure) {
      toast({
        tone: "error",
        message: `Couldn't restore “${entry.name}”: ${describeError(failure.error, "item")}`,
      });
      return;
    }
    heading.current?.focus();
    const message = `“${entry.name}” restored`;
    setAnnouncement(message);
    toast({
      message,
      action: {
        label: "Show",
        onClick: () => router.push(driveHref(parentSegments(entry.path))),
      },
    });
  }

  async function removeForever(entry: TrashEntry) {
    if (!engine) return;
    setBusy(entry.id);
    const result = await deleteForever(engine, [{ id: entry.id, name: entry.name }]);
    setBusy(null);
    setConfirming(null);
    const failure = result.failed[0];
    if (failure) {
      toast({
        tone: "error",
        message: `Couldn't delete “${entry.name}”: ${describeError(failure.error, "item")}`,
      });
      return;
    }
    heading.current?.focus();
    const message = `“${entry.name}” deleted forever`;
    setAnnouncement(message);
    toast({ message });
  }

  return (
    <AppShell busy={trash.status === "loading"}>
      <div className="drive-nav" />
      <div className="drive-head">
        <h1 ref={heading} tabIndex={-1}>
          Trash
        </h1>
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {trash.status === "loading" && <p className="muted listing-placeholder">Loading…</p>}
      {trash.status === "error" && (
        <div className="notice" role="alert">
          <p>{describeError(trash.error, "item")}</p>
        </div>
      )}
      {trash.status === "ready" &&
        (trash.entries.length === 0 ? (
          <div className="empty">
            <TrashIcon />
            <p className="empty-title">Trash is empty</p>
            <p className="muted">Items you move to the trash show up here until you delete them forever.</p>
          </div>
        ) : (
          <>
            <p className="muted page-hint">
              Items stay in the trash until you delete them forever. Restoring a folder brings back what was
              in it.
            </p>
            <table className="listing trash-listing">
              <caption className="sr-only">Items in the trash</caption>
              <thead>
                <tr>
                  <th scope="col" className="col-name">
                    Name
                  </th>
                  <th scope="col" className="col-location">
                    Was in
                  </th>
                  <th scope="col" className="col-size">
                    Size
                  </th>
                  <th scope="col" className="col-modified">
                    Deleted
                  </th>
                  <th scope="col" className="col-trash-actions">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {trash.entries.map((entry) => {
                  const deleted = entry.trashedAt ? formatModified(entry.trashedAt, now) : null;
                  const folder = parentSegments(entry.path);
                  return (
                    <tr key={entry.id}>
                      <td className="col-name">
                        <span className="entry-name">
                          <EntryIcon entry={entry} />
                          <span>{entry.name}</span>
                        </span>
                        {entry.pending && <PendingBadge />}
                      </td>
                      <td className="col-location">
                        {folder.length === 0 ? "My files" : folder.join(" / ")}
                      </td>
                      <td className="col-size">
                        {entry.__typename === "File" ? (
                          formatBytes(entry.size)
                        ) : (
                          <span aria-hidden="true">—</span>
                        )}
                      </td>
                      <td className="col-modified">
                        {deleted && entry.trashedAt && (
                          <time dateTime={entry.trashedAt} title={deleted.title}>
                            {deleted.label}
                          </time>
                        )}
                      </td>
                      <td className="col-trash-actions">
                        <div className="trash-actions">
                          <button
                            type="button"
                            className="button subtle"
                            disabled={busy === entry.id}
                            aria-label={`Restore ${entry.name}`}
                            onClick={() => restore(entry)}
                          >
                            <RestoreIcon />
                            Restore
                          </button>
                          <button
                            type="button"
                            className="button subtle danger"
                            disabled={busy === entry.id}
                            aria-label={`Delete forever: ${entry.name}`}
                            onClick={() => setConfirming(entry)}
                          >
                            <TrashIcon />
                            Delete forever
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {trash.hasMore && (
              <div className="load-more">
                <button
                  type="button"
                  className="button"
                  onClick={() => trash.loadMore()}
                  disabled={trash.loadingMore}
                >
                  {trash.loadingMore ? "Loading…" : "Show more"}
                </button>
              </div>
            )}
          </>
        ))}
      {confirming && (
        <Dialog
          title={`Delete “${confirming.name}” forever?`}
          description={
            confirming.__typename === "Folder"
              ? "The folder, everything in it and every version of its files will be gone. This can't be undone."
              : "The file and all its versions will be gone. This can't be undone."
          }
          onClose={() => setConfirming(null)}
          footer={
            <>
              <button type="button" className="button subtle" onClick={() => setConfirming(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="button danger-solid"
                disabled={busy === confirming.id}
                onClick={() => removeForever(confirming)}
              >
                {busy === confirming.id ? "Deleting…" : "Delete forever"}
              </button>
            </>
          }
        />
      )}
    </AppShell>
  );
}
