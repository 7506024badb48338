/** Reads a file (or one of its versions) as UTF-8 text: by delta download, else the content endpoint. */
import type { LinkAccess } from "../../lib/content-url";
import { versionBytes } from "./version-bytes";

/** Previews and diffs read at most this much; the editor refuses larger files. */
export const TEXT_LIMIT = 2 * 1024 * 1024;

export interface LoadedText {
  text: string;
  /** Only the first TEXT_LIMIT bytes were read. */
  truncated: boolean;
  /** NUL bytes near the start: this is not text. */
  binary: boolean;
}

export async function loadText(
  fileId: string,
  options: {
    version?: number;
    versionId?: string;
    /** The content's hash: a copy kept on this device answers (offline too). */
    contentHash?: string;
    size?: number;
    signal?: AbortSignal;
    link?: LinkAccess;
  } = {},
): Promise<LoadedText> {
  const partial = options.size !== undefined && options.size > TEXT_LIMIT;
  const { blob, size } = await versionBytes(
    {
      fileId,
      versionId: options.versionId,
      versionNumber: options.version,
      contentHash: options.contentHash,
      link: options.link,
    },
    { range: partial ? { start: 0, end: TEXT_LIMIT } : undefined, signal: options.signal },
  );
  const bytes = new Uint8Array(await blob.slice(0, TEXT_LIMIT).arrayBuffer());
  const head = bytes.subarray(0, 8192);
  const binary = head.includes(0);
  // A cut in the middle of a multi-byte character shows as one replacement character at the end.
  const text = new TextDecoder("utf-8").decode(bytes);
  return { text, truncated: size > bytes.length, binary };
}

/** Lines of a text, without the empty one after a final newline. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}
