/** Reads a file (or one of its versions) as UTF-8 text through the content endpoint. */
import { contentUrl, type LinkAccess } from "../../lib/content-url";
import { GraphQLRequestError } from "../../lib/gql";

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
  options: { version?: number; size?: number; signal?: AbortSignal; link?: LinkAccess } = {},
): Promise<LoadedText> {
  const partial = options.size !== undefined && options.size > TEXT_LIMIT;
  let response: Response;
  try {
    response = await fetch(contentUrl(fileId, { version: options.version, link: options.link }), {
      credentials: "same-origin",
      headers: partial ? { range: `bytes=0-${TEXT_LIMIT - 1}` } : {},
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new GraphQLRequestError("NETWORK_ERROR", "Could not reach the server", {}, { cause });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new GraphQLRequestError(
      body?.error?.code ?? "INTERNAL_SERVER_ERROR",
      body?.error?.message ?? `status ${response.status}`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const head = bytes.subarray(0, 8192);
  const binary = head.includes(0);
  // A cut in the middle of a multi-byte character shows as one replacement character at the end.
  const text = new TextDecoder("utf-8").decode(bytes);
  return { text, truncated: response.status === 206 || bytes.length > TEXT_LIMIT, binary };
}

/** Lines of a text, without the empty one after a final newline. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}
