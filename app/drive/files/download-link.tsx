"use client";

import { type ReactNode, useState } from "react";
import { DownloadIcon } from "../../components/icons";
import { contentUrl, startDownload } from "../../lib/content-url";
import { isSignedOut, useToSignIn } from "../../lib/use-session";
import { type VersionTarget, versionBytes } from "./version-bytes";

/** How long a downloaded blob: URL stays valid (the browser has the file well before then). */
const BLOB_URL_LIFETIME_MS = 60_000;

/**
 * A Download link for one version of a file. Its href is the content endpoint (what a middle
 * click or a page without scripts uses); a click downloads by delta instead — only the chunks
 * this browser lacks — and saves the assembled Blob under the file's name.
 */
export function DownloadLink({
  target,
  fileName,
  className = "button primary",
  label = "Download",
  ariaLabel,
}: {
  target: VersionTarget;
  fileName: string;
  className?: string;
  label?: ReactNode;
  ariaLabel?: string;
}) {
  const toSignIn = useToSignIn();
  const [percent, setPercent] = useState<number | null>(null);
  const href = contentUrl(target.fileId, {
    version: target.versionNumber,
    download: true,
    link: target.link,
  });

  async function download() {
    setPercent(0);
    try {
      const { blob } = await versionBytes(target, {
        onProgress: (p) => setPercent(p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100),
      });
      const url = URL.createObjectURL(blob);
      startDownload(url, fileName);
      setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
    } catch (error) {
      if (isSignedOut(error)) return toSignIn();
      // Neither path could read it here: let the browser try the endpoint itself (it shows why).
      console.warn("Cairn: the download failed; handing it to the browser.", error);
      startDownload(href);
    } finally {
      setPercent(null);
    }
  }

  return (
    <a
      className={className}
      href={href}
      download
      aria-label={ariaLabel}
      aria-busy={percent !== null}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        // Through a public link there is no chunk cache to save on: the browser downloads the URL.
        if (target.link) return;
        event.preventDefault();
        if (percent === null) void download();
      }}
    >
      <DownloadIcon />
      {percent === null ? label : `Downloading… ${percent}%`}
    </a>
  );
}
