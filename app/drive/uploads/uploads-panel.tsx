"use client";

import { memo, useEffect, useId, useRef, useState } from "react";
import { ACTIVE_PHASES, type UploadsSnapshot, type UploadView } from "@/lib/upload";
import { CloseIcon, FileKindIcon } from "../../components/icons";
import { isGraphQLRequestError } from "../../lib/gql";
import { carriesFiles } from "./collect-files";
import {
  describePhase,
  formatBytes,
  formatSpeed,
  formatTimeLeft,
  kindOfName,
  percentOf,
  plural,
} from "./format";
import { AlertIcon, ChevronDownIcon, DoneIcon, RetryIcon } from "./icons";
import { getUploadManager, resumeUploads } from "./upload-service";
import styles from "./uploads.module.css";
import { useUploads } from "./use-uploads";

function titleOf({ totals }: UploadsSnapshot): string {
  if (totals.active > 0) return `Uploading ${plural(totals.active, "item")}`;
  if (totals.failed > 0) return `${plural(totals.failed, "upload")} failed`;
  if (totals.done > 0) return `${plural(totals.done, "upload")} complete`;
  return "Uploads cancelled";
}

function ProgressBar({ value, label, tone }: { value: number; label: string; tone?: string }) {
  return (
    <div
      className={styles.bar}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      data-tone={tone}
    >
      <div className={styles.barFill} style={{ transform: `scaleX(${value / 100})` }} />
    </div>
  );
}

/** "Uploading · 45% · 12 MB/s · 8 s left", and the skipped bytes once known. */
function Status({ item }: { item: UploadView }) {
  const parts: string[] = [describePhase(item)];
  if (item.phase === "hashing" || item.phase === "sending") {
    parts.push(`${percentOf(item)}%`);
    const speed = formatSpeed(item.speed);
    if (speed) parts.push(speed);
    const left = formatTimeLeft(item.secondsLeft);
    if (left) parts.push(left);
  }
  if (item.phase === "done" || item.phase === "cancelled" || item.phase === "queued") {
    parts.push(formatBytes(item.size));
  }
  const skipped =
    item.bytesSkipped > 0 &&
    (item.phase === "sending" || item.phase === "committing" || item.phase === "done");
  return (
    <p className={styles.status}>
      <span>{parts.join(" · ")}</span>
      {skipped && (
        <span className={styles.skipped} data-testid="upload-skipped">
          {formatBytes(item.bytesSkipped)} skipped (already on the server)
        </span>
      )}
    </p>
  );
}

/** One upload; re-renders only when its view changed (the manager keeps unchanged views). */
const UploadRow = memo(function UploadRow({ item }: { item: UploadView }) {
  const manager = getUploadManager();
  const active = ACTIVE_PHASES.has(item.phase);
  const where = item.dirs.length > 0 ? `${item.dirs.join("/")}/` : "";
  const tone = item.phase === "failed" ? "danger" : item.phase === "hashing" ? "hashing" : undefined;
  return (
    <li className={styles.item} data-phase={item.phase} aria-label={item.name}>
      <span className={styles.itemIcon}>
        {item.phase === "done" ? (
          <span className={styles.doneIcon}>
            <DoneIcon />
          </span>
        ) : item.phase === "failed" ? (
          <span className={styles.failedIcon}>
            <AlertIcon />
          </span>
        ) : (
          <FileKindIcon kind={kindOfName(item.name)} />
        )}
      </span>
      <div className={styles.itemBody}>
        <p className={styles.name} title={`${where}${item.name}`}>
          {where && <span className={styles.dirs}>{where}</span>}
          {item.name}
        </p>
        <Status item={item} />
        {active && (
          <ProgressBar value={percentOf(item)} label={`${item.name}: ${describePhase(item)}`} tone={tone} />
        )}
      </div>
      <div className={styles.itemActions}>
        {item.cancellable && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Cancel upload of ${item.name}`}
            title="Cancel"
            onClick={() => manager.cancel(item.id)}
          >
            <CloseIcon />
          </button>
        )}
        {(item.phase === "failed" || item.phase === "cancelled") && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Retry upload of ${item.name}`}
            title="Retry"
            onClick={() => manager.retry(item.id)}
          >
            <RetryIcon />
          </button>
        )}
      </div>
    </li>
  );
});

/** Collapsed or not, kept while the page lives (the drive view remounts on navigation). */
let collapsedPreference = false;

/**
 * The uploads panel (bottom right, like Drive's): every upload with its phase, progress, speed,
 * time left and the bytes the server already had; cancel and retry per file; totals; collapse and
 * close. Resumes the uploads a previous page left unfinished when it first mounts.
 */
export function UploadsPanel() {
  const snapshot = useUploads();
  const { items, totals } = snapshot;
  const [collapsed, setCollapsedState] = useState(() => collapsedPreference);
  const setCollapsed = (next: boolean) => {
    collapsedPreference = next;
    setCollapsedState(next);
  };
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const titleId = useId();
  const listId = useId();
  const finished = useRef({ done: 0, failed: 0 });

  useEffect(() => {
    let mounted = true;
    resumeUploads().then(
      (n) => mounted && n > 0 && setAnnouncement(`Resuming ${plural(n, "upload")}`),
      (error: unknown) => {
        if (!isGraphQLRequestError(error)) console.warn("uploads: could not resume", error);
      },
    );
    return () => {
      mounted = false;
    };
  }, []);

  // A file dropped while no folder is ready to take it must not replace the page.
  useEffect(() => {
    const guard = (event: DragEvent) => {
      if (carriesFiles(event.dataTransfer) && !event.defaultPrevented) event.preventDefault();
    };
    window.addEventListener("dragover", guard);
    window.addEventListener("drop", guard);
    return () => {
      window.removeEventListener("dragover", guard);
      window.removeEventListener("drop", guard);
    };
  }, []);

  // Tell screen readers when uploads finish or fail (not every progress tick).
  useEffect(() => {
    const before = finished.current;
    if (totals.failed > before.failed)
      setAnnouncement(`${plural(totals.failed - before.failed, "upload")} failed`);
    else if (totals.done > before.done && totals.active === 0) setAnnouncement(titleOf(snapshot));
    finished.current = { done: totals.done, failed: totals.failed };
  }, [totals.done, totals.failed, totals.active, snapshot]);

  useEffect(() => {
    if (totals.active === 0) setConfirmingClose(false);
  }, [totals.active]);

  const live = (
    <p className="sr-only" role="status">
      {announcement}
    </p>
  );
  if (items.length === 0) return live;

  const manager = getUploadManager();
  const overall = totals.bytes > 0 ? Math.floor((totals.bytesUploaded / totals.bytes) * 100) : 100;
  const summary: string[] = [];
  if (totals.active > 0) {
    summary.push(`${formatBytes(totals.bytesUploaded)} of ${formatBytes(totals.bytes)}`);
    const speed = formatSpeed(totals.speed);
    if (speed) summary.push(speed);
    const left = formatTimeLeft(totals.secondsLeft);
    if (left) summary.push(left);
  }

  function close() {
    if (totals.active > 0) return setConfirmingClose(true);
    manager.clearFinished();
  }

  return (
    <>
      {live}
      <section className={styles.panel} aria-labelledby={titleId} data-testid="uploads-panel">
        <header className={styles.header}>
          <h2 id={titleId} className={styles.title}>
            {titleOf(snapshot)}
          </h2>
          <button
            type="button"
            className={`icon-button ${styles.headerButton}`}
            aria-label={collapsed ? "Expand uploads" : "Collapse uploads"}
            aria-expanded={!collapsed}
            aria-controls={listId}
            title={collapsed ? "Expand" : "Collapse"}
            onClick={() => setCollapsed(!collapsed)}
            data-collapsed={collapsed}
          >
            <ChevronDownIcon />
          </button>
          <button
            type="button"
            className={`icon-button ${styles.headerButton}`}
            aria-label="Close uploads"
            title="Close"
            onClick={close}
          >
            <CloseIcon />
          </button>
        </header>
        {totals.active > 0 && (
          <div className={styles.summary}>
            <ProgressBar value={overall} label="All uploads" />
            <p className={styles.summaryText}>
              <span>{summary.join(" · ")}</span>
              {totals.bytesSkipped > 0 && (
                <span className={styles.skipped}>{formatBytes(totals.bytesSkipped)} skipped</span>
              )}
            </p>
          </div>
        )}
        {confirmingClose && (
          <div className={styles.confirm} role="alertdialog" aria-label="Cancel uploads?">
            <p>Cancel {plural(totals.active, "upload")} in progress?</p>
            <div className={styles.confirmActions}>
              <button type="button" className="button" onClick={() => setConfirmingClose(false)}>
                Keep uploading
              </button>
              <button
                type="button"
                className="button danger"
                onClick={() => {
                  manager.cancelAll();
                  setConfirmingClose(false);
                  void manager.idle().then(() => manager.clearFinished());
                }}
              >
                Cancel uploads
              </button>
            </div>
          </div>
        )}
        <ul id={listId} className={styles.list} hidden={collapsed}>
          {items.map((item) => (
            <UploadRow key={item.id} item={item} />
          ))}
        </ul>
      </section>
    </>
  );
}
