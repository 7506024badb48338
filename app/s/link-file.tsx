"use client";

import type { ReactNode } from "react";
import type { LinkNodeFragment } from "../__generated__/graphql";
import { DownloadIcon, FileKindIcon } from "../components/icons";
import { Preview } from "../drive/files/preview";
import { contentUrl, type LinkAccess } from "../lib/content-url";
import { fileKind } from "../lib/file-types";
import { formatBytes, formatModified } from "../lib/format";

export type LinkFile = Extract<LinkNodeFragment, { __typename: "File" }>;

/** GraphQL headers that read through a public link (docs/sharing.md). */
export function linkHeaders(access: LinkAccess): Record<string, string> {
  return {
    "x-cairn-link": access.token,
    ...(access.grant ? { "x-cairn-link-grant": access.grant } : {}),
  };
}

/** One file of a link: its name, size, a preview and Download. */
export function LinkFileView({
  file,
  access,
  back,
}: {
  file: LinkFile;
  access: LinkAccess;
  /** A way back to the folder listing (folder links). */
  back?: ReactNode;
}) {
  const modified = formatModified(file.modifiedAt);
  return (
    <article className="link-file" aria-labelledby="link-file-name">
      {back}
      <div className="drive-head file-head">
        <div className="file-title">
          <FileKindIcon kind={fileKind(file.name, file.mimeType)} />
          <div>
            <h1 id="link-file-name">{file.name}</h1>
            <p className="muted file-meta">
              {formatBytes(file.size)} · Modified{" "}
              <time dateTime={file.modifiedAt} title={modified.title}>
                {modified.label}
              </time>
            </p>
          </div>
        </div>
        <div className="drive-head-actions">
          <a className="button primary" href={contentUrl(file.id, { download: true, link: access })} download>
            <DownloadIcon />
            Download
          </a>
        </div>
      </div>
      <section className="preview" aria-label="Preview">
        <Preview
          file={{ id: file.id, name: file.name, mimeType: file.mimeType, size: file.size }}
          link={access}
        />
      </section>
    </article>
  );
}
