"use client";

import { useEffect, useState } from "react";
import { FileKindIcon } from "../../components/icons";
import { contentUrl, type LinkAccess } from "../../lib/content-url";
import { describeError } from "../../lib/errors";
import { fileKind, previewKind } from "../../lib/file-types";
import { formatBytes } from "../../lib/format";
import { DownloadLink } from "./download-link";
import { type LoadedText, loadText } from "./load-text";
import { TextView } from "./text-view";
import { versionBytes } from "./version-bytes";

/**
 * Images, PDFs and audio up to this size are previewed from a Blob made by delta download (so a
 * new version costs only its new chunks); larger ones, and every video, stream from the content
 * endpoint with Range requests, so playback starts before the whole file is in.
 */
export const PREVIEW_BLOB_LIMIT = 64 * 1024 * 1024;

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
  versionId: string | undefined,
  contentHash: string | undefined,
  enabled: boolean,
  link: LinkAccess | undefined,
) {
  const [state, setState] = useState<{ key: string; text?: LoadedText; error?: string } | null>(null);
  const key = `${file.id}@${version ?? "current"}:${versionId ?? ""}:${contentHash ?? ""}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a link is read with the file it opened
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    loadText(file.id, {
      version,
      versionId,
      contentHash,
      size: file.size,
      signal: controller.signal,
      link,
    }).then(
      (text) => setState({ key, text }),
      (error) => {
        if (!controller.signal.aborted) setState({ key, error: describeError(error, "file") });
      },
    );
    return () => controller.abort();
  }, [file.id, file.size, version, versionId, contentHash, key, enabled]);
  return state?.key === key ? state : null;
}

/**
 * A `blob:` URL of the version's bytes (delta download), revoked when the preview goes away;
 * `undefined` while loading. With `enabled` false, the content endpoint's URL at once.
 */
function usePreviewUrl(
  file: PreviewFile,
  version: number | undefined,
  versionId: string | undefined,
  contentHash: string | undefined,
  enabled: boolean,
  link: LinkAccess | undefined,
): { url?: string; error?: string } | null {
  const direct = contentUrl(file.id, { version, link });
  const [state, setState] = useState<{ key: string; url?: string; error?: string } | null>(null);
  const key = `${file.id}@${version ?? "current"}:${versionId ?? ""}:${contentHash ?? ""}`;
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let url: string | undefined;
    versionBytes(
      { fileId: file.id, versionId, versionNumber: version, mimeType: file.mimeType, contentHash },
      { signal: controller.signal },
    ).then(
      ({ blob }) => {
        if (controller.signal.aborted) return;
        url = URL.createObjectURL(blob);
        setState({ key, url });
      },
      (error) => {
        if (!controller.signal.aborted) setState({ key, error: describeError(error, "file") });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [file.id, file.mimeType, version, versionId, contentHash, key, enabled]);
  if (!enabled) return { url: direct };
  return state?.key === key ? state : null;
}

/**
 * The file itself: image, video, audio, PDF, text with line numbers, or a download card. With
 * `link`, its bytes are read through a public link (the link page) from the content endpoint.
 */
export function Preview({
  file,
  version,
  versionId,
  link,
  contentHash,
}: {
  file: PreviewFile;
  version?: number;
  /** The shown version's id: lets the preview load by delta download. */
  versionId?: string;
  link?: LinkAccess;
  /** The shown content's hash: lets a copy kept on this device answer (offline too). */
  contentHash?: string;
}) {
  const kind = previewKind(file.name, file.mimeType);
  const text = useText(file, version, versionId, contentHash, kind === "text", link);
  const fromBlob =
    (kind === "image" || kind === "pdf" || kind === "audio") &&
    (versionId !== undefined || contentHash !== undefined) &&
    link === undefined &&
    file.size <= PREVIEW_BLOB_LIMIT;
  const media = usePreviewUrl(file, version, versionId, contentHash, fromBlob, link);
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
        <DownloadLink
          target={{
            fileId: file.id,
            versionId,
            versionNumber: version,
            mimeType: file.mimeType,
            contentHash,
            link,
          }}
          fileName={file.name}
        />
      </div>
    );
  }

  if (kind !== "text" && kind !== "video") {
    if (!media) return <p className="muted listing-placeholder">Loading…</p>;
    if (media.error || !media.url) {
      return (
        <div className="notice" role="alert">
          <p>{media.error}</p>
        </div>
      );
    }
  }
  const src = media?.url ?? contentUrl(file.id, { version });

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
