"use client";

import { useEffect, useState } from "react";
import { DownloadIcon, FileKindIcon } from "../../components/icons";
import { contentUrl, type LinkAccess } from "../../lib/content-url";
import { describeError } from "../../lib/errors";
import { fileKind, previewKind } from "../../lib/file-types";
import { formatBytes } from "../../lib/format";
import { type LoadedText, loadText } from "./load-text";
import { TextView } from "./text-view";

export interface PreviewFile {
  id: string;
  name: string;
  mimeType: string;
  size: number;
}

/** Text loaded for a preview: undefined while loading, an error message, or the text. */
function useText(
  file: PreviewFile,
  version: number | undefined,
  enabled: boolean,
  link: LinkAccess | undefined,
) {
  const [state, setState] = useState<{ key: string; text?: LoadedText; error?: string } | null>(null);
  const key = `${file.id}@${version ?? "current"}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the link is read with the file it opened
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    loadText(file.id, { version, size: file.size, signal: controller.signal, link }).then(
      (text) => setState({ key, text }),
      (error) => {
        if (!controller.signal.aborted) setState({ key, error: describeError(error, "file") });
      },
    );
    return () => controller.abort();
  }, [file.id, file.size, version, key, enabled]);
  return state?.key === key ? state : null;
}

/**
 * The file itself: image, video, audio, PDF, text with line numbers, or a download card. With
 * `link`, its bytes are read through a public link (the link page) instead of the session.
 */
export function Preview({ file, version, link }: { file: PreviewFile; version?: number; link?: LinkAccess }) {
  const kind = previewKind(file.name, file.mimeType);
  const src = contentUrl(file.id, { version, link });
  const text = useText(file, version, kind === "text", link);
  const [failed, setFailed] = useState(false);

  const binary = kind === "text" && text?.text?.binary === true;
  if (failed || binary || kind === "none") {
    return (
      <div className="preview-none">
        <FileKindIcon kind={fileKind(file.name, file.mimeType)} />
        <p className="empty-title">
          {failed || binary ? "This file can't be shown here" : "No preview for this kind of file"}
        </p>
        <p className="muted">
          {file.name} · {formatBytes(file.size)}
        </p>
        <a className="button primary" href={contentUrl(file.id, { version, download: true, link })} download>
          <DownloadIcon />
          Download
        </a>
      </div>
    );
  }

  switch (kind) {
    case "image":
      return (
        <div className="preview-media preview-image">
          {/* biome-ignore lint/performance/noImgElement: user content from our API, not a static asset */}
          <img src={src} alt={file.name} onError={() => setFailed(true)} />
        </div>
      );
    case "video":
      return (
        <div className="preview-media">
          {/* biome-ignore lint/a11y/useMediaCaption: user videos come without captions */}
          <video
            src={src}
            controls
            preload="metadata"
            aria-label={file.name}
            onError={() => setFailed(true)}
          />
        </div>
      );
    case "audio":
      return (
        <div className="preview-media preview-audio">
          <FileKindIcon kind="audio" />
          {/* biome-ignore lint/a11y/useMediaCaption: user audio comes without captions */}
          <audio
            src={src}
            controls
            preload="metadata"
            aria-label={file.name}
            onError={() => setFailed(true)}
          />
        </div>
      );
    case "pdf":
      return (
        <div className="preview-pdf">
          <iframe src={src} title={`${file.name} (PDF)`} />
        </div>
      );
    case "text":
      if (!text) return <p className="muted listing-placeholder">Loading…</p>;
      if (text.error || !text.text) {
        return (
          <div className="notice" role="alert">
            <p>{text.error}</p>
          </div>
        );
      }
      return (
        <>
          {text.text.truncated && (
            <p className="preview-note">
              Showing the first 2 MB of {formatBytes(file.size)}. Download the file to see all of it.
            </p>
          )}
          <TextView text={text.text.text} label={`Contents of ${file.name}`} />
        </>
      );
  }
}
