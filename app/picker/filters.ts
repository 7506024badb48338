/**
 * The Chooser's filters, as a partner sets them (Dropbox Chooser's meanings): `extensions` lists
 * ".ext" entries and the categories "images", "video", "audio", "text" and "documents";
 * `sizeLimit` is in bytes; folders are choosable only with `folderselect`.
 */
import type { DriveEntry } from "../drive/data/entries";
import { extensionOf } from "../lib/file-types";
import { formatBytes } from "../lib/format";
import type { ChooseOptions } from "./partner";

const CATEGORY: Record<string, (mime: string, ext: string) => boolean> = {
  images: (m) => m.startsWith("image/"),
  video: (m) => m.startsWith("video/"),
  audio: (m) => m.startsWith("audio/"),
  text: (m, e) => m.startsWith("text/") || ["md", "txt", "csv", "json"].includes(e),
  documents: (m, e) =>
    m === "application/pdf" ||
    ["doc", "docx", "odt", "rtf", "txt", "md", "xls", "xlsx", "ppt", "pptx"].includes(e),
};

/** Why the partner's filters refuse this entry, or null when it may be chosen. */
export function refusal(entry: DriveEntry, options: ChooseOptions): string | null {
  if (entry.__typename === "Folder") return options.folderselect ? null : "folders can't be chosen";
  const file = entry as DriveEntry & { size: number; mimeType: string };
  if (options.sizeLimit !== null && file.size > options.sizeLimit)
    return `larger than ${formatBytes(options.sizeLimit)}`;
  if (options.extensions.length === 0) return null;
  const ext = extensionOf(file.name);
  const ok = options.extensions.some((want) => {
    const w = want.toLowerCase();
    if (w.startsWith(".")) return w.slice(1) === ext;
    return CATEGORY[w]?.(file.mimeType ?? "", ext) ?? false;
  });
  return ok ? null : "not a type this app accepts";
}
