/** Display formatting for the file list: sizes and modification times, in the browser's locale. */

const UNITS = ["KB", "MB", "GB", "TB", "PB"] as const;

/** 0 → "0 bytes", 1536 → "1.5 KB", 10_485_760 → "10 MB" (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });

/** "Today, 14:05" for today, else "24 Nov 2026" (locale order); `title` gives the full time. */
export function formatModified(iso: string, now = new Date()): { label: string; title: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { label: "", title: "" };
  const sameDay =
    date.getFullYear() === now.getFullYear() &&
    date.getMonth() === now.getMonth() &&
    date.getDate() === now.getDate();
  return {
    label: sameDay ? `Today, ${timeOnly.format(date)}` : dateOnly.format(date),
    title: full.format(date),
  };
}
