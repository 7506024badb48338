/**
 * What the upload manager publishes: an immutable view of every upload and the totals, rebuilt
 * from the manager's mutable entries at most every publish interval.
 */
import type { UploadFailedError } from "./errors";
import type { SpeedMeter } from "./speed";
import type { CommitOutcome } from "./types";

export type UploadPhase =
  | "queued"
  | "hashing"
  | "preparing"
  | "sending"
  | "committing"
  | "done"
  | "failed"
  | "cancelled";

export const ACTIVE_PHASES: ReadonlySet<UploadPhase> = new Set([
  "queued",
  "hashing",
  "preparing",
  "sending",
  "committing",
]);

/** One upload as the UI sees it (immutable). */
export interface UploadView {
  readonly id: string;
  readonly name: string;
  /** Folders below `parentId` the file goes into, outermost first. */
  readonly dirs: readonly string[];
  readonly parentId: string;
  readonly size: number;
  readonly phase: UploadPhase;
  readonly bytesHashed: number;
  /** Bytes PUT to the server so far. */
  readonly bytesSent: number;
  /** Bytes not sent because the server already had them for this user (known after preparing). */
  readonly bytesSkipped: number;
  /** Bytes that must be sent (known after preparing). */
  readonly bytesToSend: number | undefined;
  /** The current phase's rate in bytes per second (hashing or sending). */
  readonly speed: number | undefined;
  /** Seconds until the current phase is done, at that rate. */
  readonly secondsLeft: number | undefined;
  /** A call failed and is being retried after a pause. */
  readonly retrying: boolean;
  readonly error: UploadFailedError | undefined;
  readonly result: CommitOutcome | undefined;
  /** The upload became a new version of a file that had its name. */
  readonly replacedExisting: boolean;
  /** Picked up again after a reload. */
  readonly resumed: boolean;
  /** Whether cancel is possible now (not while committing: the commit may already have landed). */
  readonly cancellable: boolean;
}

export interface UploadTotals {
  readonly count: number;
  readonly active: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Sizes of the uploads not cancelled. */
  readonly bytes: number;
  /** Of those, bytes sent or skipped. */
  readonly bytesUploaded: number;
  readonly bytesSkipped: number;
  readonly speed: number | undefined;
  readonly secondsLeft: number | undefined;
}

export interface UploadsSnapshot {
  readonly items: readonly UploadView[];
  readonly totals: UploadTotals;
}

/** The fields of a manager's entry that a view is made from. */
export interface EntryState {
  readonly id: string;
  readonly name: string;
  readonly dirs: readonly string[];
  readonly parentId: string;
  readonly size: number;
  readonly resumed: boolean;
  phase: UploadPhase;
  bytesHashed: number;
  bytesSent: number;
  bytesSkipped: number;
  bytesToSend: number | undefined;
  retrying: boolean;
  error: UploadFailedError | undefined;
  result: CommitOutcome | undefined;
  replacedExisting: boolean;
  meter: SpeedMeter;
}

export function isCancellable(phase: UploadPhase): boolean {
  return phase === "queued" || phase === "hashing" || phase === "preparing" || phase === "sending";
}

export function view(e: EntryState, now: number): UploadView {
  const hashing = e.phase === "hashing";
  const sending = e.phase === "sending";
  const remaining = hashing ? e.size - e.bytesHashed : (e.bytesToSend ?? 0) - e.bytesSent;
  return {
    id: e.id,
    name: e.name,
    dirs: e.dirs,
    parentId: e.parentId,
    size: e.size,
    phase: e.phase,
    bytesHashed: e.bytesHashed,
    bytesSent: e.bytesSent,
    bytesSkipped: e.bytesSkipped,
    bytesToSend: e.bytesToSend,
    speed: hashing || sending ? e.meter.rate(now) : undefined,
    secondsLeft: hashing || sending ? e.meter.secondsLeft(now, remaining) : undefined,
    retrying: e.retrying,
    error: e.error,
    result: e.result,
    replacedExisting: e.replacedExisting,
    resumed: e.resumed,
    cancellable: isCancellable(e.phase),
  };
}

/** `previous` when `next` has the same fields (shallowly), else `next`. */
export function sameOrNew(previous: UploadView | undefined, next: UploadView): UploadView {
  if (!previous) return next;
  for (const key of Object.keys(next) as (keyof UploadView)[]) {
    if (previous[key] !== next[key]) return next;
  }
  return previous;
}

export function emptyTotals(): UploadTotals {
  return {
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
  };
}

export function totalsOf(items: readonly UploadView[], meter: SpeedMeter, now: number): UploadTotals {
  const t = { ...emptyTotals(), count: items.length };
  for (const item of items) {
    if (ACTIVE_PHASES.has(item.phase)) t.active++;
    else if (item.phase === "done") t.done++;
    else if (item.phase === "failed") t.failed++;
    else t.cancelled++;
    if (item.phase === "cancelled") continue;
    t.bytes += item.size;
    t.bytesUploaded += item.phase === "done" ? item.size : item.bytesSent + item.bytesSkipped;
    t.bytesSkipped += item.bytesSkipped;
  }
  if (t.active > 0) {
    t.speed = meter.rate(now);
    const remaining = items
      .filter((i) => ACTIVE_PHASES.has(i.phase))
      .reduce((n, i) => n + (i.bytesToSend === undefined ? i.size : i.bytesToSend - i.bytesSent), 0);
    t.secondsLeft = meter.secondsLeft(now, remaining);
  } else {
    meter.reset();
  }
  return t;
}
