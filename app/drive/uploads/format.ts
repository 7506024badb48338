/** Wording and numbers for the uploads panel. */
import type { UploadView } from "@/lib/upload";
import { extensionOf, type FileKind, fileKind } from "../../lib/file-types";
import { formatBytes } from "../../lib/format";

export { formatBytes };

export function formatSpeed(bytesPerSecond: number | undefined): string | undefined {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0)
    return undefined;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "8 s left", "3 min left", "1 h 5 min left". */
export function formatTimeLeft(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} s left`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} min left`;
  return `${Math.floor(m / 60)} h ${m % 60} min left`;
}

/** 0–100: how far the upload is in its current phase (hashing counts first, then sending). */
export function percentOf(item: UploadView): number {
  if (item.phase === "done") return 100;
  if (item.size === 0) return item.phase === "committing" ? 100 : 0;
  if (item.phase === "hashing") return Math.floor((item.bytesHashed / item.size) * 100);
  if (item.phase === "queued" || item.phase === "preparing") return 0;
  return Math.floor(((item.bytesSent + item.bytesSkipped) / item.size) * 100);
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A sentence for why an upload stopped. */
export function describeUploadError(item: UploadView): string {
  switch (item.error?.code) {
    case "READ_FAILED":
      return "Couldn't read the file. It may have been changed, moved or deleted.";
    case "FILE_CHANGED":
      return "The file changed while it was uploading. Retry to upload it as it is now.";
    case "NETWORK_ERROR":
      return "Cairn can't be reached right now. Check your connection and retry.";
    case "UNAUTHENTICATED":
      return "Your session has ended. Sign in again, then retry.";
    case "TARGET_MISSING":
      return "The folder to upload into is gone, or a file is where a folder should go.";
    case "NAME_INVALID":
      return "This file's name can't be used in Cairn.";
    case "TOO_LARGE":
      return "This file is larger than the server accepts.";
    case "HASH_FAILED":
      return "Couldn't read the file to prepare it. Retry, or reload the page.";
    default:
      return "The server couldn't take this file. Retry in a moment.";
  }
}

/** What the upload is doing, in words. */
export function describePhase(item: UploadView): string {
  switch (item.phase) {
    case "queued":
      return "Waiting…";
    case "hashing":
      return "Hashing";
    case "preparing":
      return "Preparing…";
    case "sending":
      return item.retrying ? "Connection trouble, retrying…" : "Uploading";
    case "committing":
      return item.retrying ? "Connection trouble, retrying…" : "Finishing…";
    case "done": {
      const result = item.result;
      if (result?.conflict) return `Saved as “${result.conflict.copyName}”`;
      if (result?.unchanged) return "Already up to date";
      return item.replacedExisting ? `Uploaded as version ${result?.versionNumber ?? ""}`.trim() : "Uploaded";
    }
    case "failed":
      return describeUploadError(item);
    case "cancelled":
      return "Cancelled";
  }
}

const MEDIA_BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  heic: "image/heic",
  svg: "image/svg+xml",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  wav: "audio/wav",
  flac: "audio/flac",
  ogg: "audio/ogg",
  opus: "audio/opus",
};

/** The icon kind for a file being uploaded, from its name (as the listing will show it). */
export function kindOfName(name: string): FileKind {
  return fileKind(name, MEDIA_BY_EXTENSION[extensionOf(name)] ?? "");
}
