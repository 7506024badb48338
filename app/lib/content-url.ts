/** URLs of the content endpoint (GET /api/files/:id/content), and downloads through it. */

/**
 * Reading through a public link instead of a session: the link's token and the grant that
 * `publicLink` returned (docs/sharing.md). Sent as `link` and `grant` query parameters.
 */
export interface LinkAccess {
  token: string;
  grant: string | null;
}

export function contentUrl(
  fileId: string,
  options: { version?: number; download?: boolean; link?: LinkAccess } = {},
): string {
  const params = new URLSearchParams();
  if (options.version !== undefined) params.set("version", String(options.version));
  if (options.link) {
    params.set("link", options.link.token);
    if (options.link.grant) params.set("grant", options.link.grant);
  }
  if (options.download) params.set("download", "1");
  const query = params.toString();
  return `/api/files/${encodeURIComponent(fileId)}/content${query ? `?${query}` : ""}`;
}

/**
 * Starts a download through a temporary link. The endpoint answers with an attachment
 * disposition, so the page stays where it is. `filename` names a download of a `blob:` URL.
 */
export function startDownload(url: string, filename = ""): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
}

/** Downloads several files one after another (browsers drop clicks that come too close together). */
export async function startDownloads(urls: readonly string[], gapMs = 350): Promise<void> {
  for (const [i, url] of urls.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    startDownload(url);
  }
}
