"use client";

import Link from "next/link";
import { CompareIcon, RestoreIcon } from "../../components/icons";
import { formatBytes, formatModified } from "../../lib/format";
import { DownloadLink } from "./download-link";

export interface VersionRow {
  id: string;
  number: number;
  size: number;
  createdAt: string;
  contentHash?: string;
  deviceName?: string | null;
  author: { name: string; email: string };
}

/** Every version of a file, newest first: download any, restore an older one, compare text versions. */
export function VersionList({
  fileId,
  fileName,
  mimeType,
  versions,
  currentVersionId,
  canCompare,
  restoring,
  onRestore,
  canRestore = true,
  hrefFor,
}: {
  fileId: string;
  fileName: string;
  mimeType: string;
  versions: readonly VersionRow[];
  currentVersionId: string;
  canCompare: boolean;
  restoring: string | null;
  onRestore: (version: VersionRow) => void;
  /** False for a viewer of a shared folder: they read and download only. */
  canRestore?: boolean;
  hrefFor: (view: string, params?: Record<string, string>) => string;
}) {
  const now = new Date();
  return (
    <table className="listing versions">
      <caption className="sr-only">Versions of {fileName}, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col" className="col-size">
            Size
          </th>
          <th scope="col">Saved by</th>
          <th scope="col" className="col-modified">
            Saved
          </th>
          <th scope="col" className="col-version-actions">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version, i) => {
          const current = version.id === currentVersionId;
          const when = formatModified(version.createdAt, now);
          const previous = versions[i + 1];
          return (
            <tr key={version.id} className={current ? "is-current" : undefined} data-version={version.number}>
              <td>
                <span className="version-number">Version {version.number}</span>
                {current && <span className="badge">Current</span>}
              </td>
              <td className="col-size">{formatBytes(version.size)}</td>
              <td className="version-author">
                <span>{version.author.name || version.author.email}</span>
                {version.deviceName && <span className="muted"> · {version.deviceName}</span>}
              </td>
              <td className="col-modified">
                <time dateTime={version.createdAt} title={when.title}>
                  {when.label}
                </time>
              </td>
              <td className="col-version-actions">
                <div className="version-actions">
                  {canCompare && previous && (
                    <Link
                      className="button subtle"
                      href={hrefFor("changes", { from: String(previous.number), to: String(version.number) })}
                      aria-label={`View changes in version ${version.number}`}
                    >
                      <CompareIcon />
                      Changes
                    </Link>
                  )}
                  <DownloadLink
                    className="button subtle"
                    target={{ fileId, versionId: version.id, versionNumber: version.number, mimeType }}
                    fileName={fileName}
                    ariaLabel={`Download version ${version.number}`}
                  />
                  {!current && canRestore && (
                    <button
                      type="button"
                      className="button subtle"
                      disabled={restoring !== null}
                      aria-label={`Restore version ${version.number}`}
                      onClick={() => onRestore(version)}
                    >
                      <RestoreIcon />
                      {restoring === version.id ? "Restoring…" : "Restore"}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
