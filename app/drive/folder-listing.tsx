import Link from "next/link";
import type { DriveEntryFragment } from "../__generated__/graphql";
import { FileIcon, FolderIcon } from "../components/icons";
import { driveHref } from "../lib/drive-paths";
import { formatBytes, formatModified } from "../lib/format";

/** A folder's children as a table (folders first, as the API orders them). */
export function FolderListing({
  title,
  segments,
  entries,
}: {
  title: string;
  segments: readonly string[];
  entries: readonly DriveEntryFragment[];
}) {
  const now = new Date();
  return (
    <table className="listing">
      <caption className="sr-only">Contents of {title}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="col-size">
            Size
          </th>
          <th scope="col" className="col-modified">
            Modified
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const modified = formatModified(entry.modifiedAt, now);
          const isFolder = entry.__typename === "Folder";
          return (
            <tr key={entry.id} className={isFolder ? "row-folder" : "row-file"}>
              <td className="col-name">
                {isFolder ? (
                  <Link className="entry-name" href={driveHref([...segments, entry.name])}>
                    <FolderIcon />
                    <span>{entry.name}</span>
                  </Link>
                ) : (
                  <span className="entry-name">
                    <FileIcon />
                    <span>{entry.name}</span>
                  </span>
                )}
              </td>
              <td className="col-size">
                {entry.__typename === "File" ? formatBytes(entry.size) : <span aria-hidden="true">—</span>}
              </td>
              <td className="col-modified">
                <time dateTime={entry.modifiedAt} title={modified.title}>
                  {modified.label}
                </time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
