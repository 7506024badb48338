"use client";

import { useEffect, useRef, useState } from "react";
import type { LinkNodeFragment } from "../__generated__/graphql";
import { ArrowLeftIcon, ChevronIcon, DownloadIcon, FileKindIcon, FolderIcon } from "../components/icons";
import { LinkFolderQuery } from "../drive/sharing/operations";
import { contentUrl, type LinkAccess } from "../lib/content-url";
import { describeError } from "../lib/errors";
import { fileKind } from "../lib/file-types";
import { formatBytes, formatModified } from "../lib/format";
import { gqlWith, isGraphQLRequestError } from "../lib/gql";
import { type LinkFile, LinkFileView, linkHeaders } from "./link-file";

const PAGE = 200;

/** What went wrong reading a link's folder: a grant lasts an hour, then the page must reopen it. */
function describeLinkError(error: unknown): string {
  if (isGraphQLRequestError(error) && error.code === "UNAUTHENTICATED")
    return "Access through this link has timed out. Reload the page to open it again.";
  return describeError(error, "folder");
}

interface Place {
  id: string;
  name: string;
}

type Listing =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "ready"; entries: LinkNodeFragment[]; after: string | null };

/**
 * A folder link: browse the folder and the folders below it (never above: the server checks every
 * node is inside the link's subtree), open a file's preview, download files.
 */
export function LinkFolder({ root, access }: { root: LinkNodeFragment; access: LinkAccess }) {
  const [trail, setTrail] = useState<Place[]>([{ id: root.id, name: root.name }]);
  const [file, setFile] = useState<LinkFile | null>(null);
  const [listing, setListing] = useState<Listing>({ kind: "loading" });
  const [loadingMore, setLoadingMore] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const here = trail.at(-1) ?? { id: root.id, name: root.name };
  const now = new Date();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the access is fixed for the page
  useEffect(() => {
    let cancelled = false;
    setListing({ kind: "loading" });
    gqlWith(LinkFolderQuery, { id: here.id, first: PAGE }, { headers: linkHeaders(access) }).then(
      (data) => {
        if (cancelled) return;
        const node = data.node;
        if (node?.__typename !== "Folder")
          return setListing({ kind: "error", message: describeError(null, "folder") });
        setListing({
          kind: "ready",
          entries: node.children.nodes,
          after: node.children.pageInfo.hasNextPage ? (node.children.pageInfo.endCursor ?? null) : null,
        });
      },
      (error) => {
        if (!cancelled) setListing({ kind: "error", message: describeLinkError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [here.id]);

  async function loadMore() {
    if (listing.kind !== "ready" || !listing.after) return;
    setLoadingMore(true);
    try {
      const data = await gqlWith(
        LinkFolderQuery,
        { id: here.id, first: PAGE, after: listing.after },
        { headers: linkHeaders(access) },
      );
      const node = data.node;
      if (node?.__typename === "Folder")
        setListing({
          kind: "ready",
          entries: [...listing.entries, ...node.children.nodes],
          after: node.children.pageInfo.hasNextPage ? (node.children.pageInfo.endCursor ?? null) : null,
        });
    } catch (error) {
      setListing({ kind: "error", message: describeLinkError(error) });
    } finally {
      setLoadingMore(false);
    }
  }

  function go(next: Place[]) {
    setTrail(next);
    setFile(null);
    requestAnimationFrame(() => heading.current?.focus());
  }

  if (file) {
    return (
      <LinkFileView
        file={file}
        access={access}
        back={
          <p className="link-back">
            <button type="button" className="link-button" onClick={() => go(trail)}>
              <ArrowLeftIcon />
              Back to {here.name}
            </button>
          </p>
        }
      />
    );
  }

  return (
    <section aria-labelledby="link-folder-name">
      {trail.length > 1 && (
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <ol>
            {trail.map((place, i) => (
              <li key={place.id}>
                {i > 0 && <ChevronIcon />}
                {i === trail.length - 1 ? (
                  <span aria-current="page">{place.name}</span>
                ) : (
                  <button type="button" className="link-button" onClick={() => go(trail.slice(0, i + 1))}>
                    {place.name}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="drive-head">
        <h1 id="link-folder-name" ref={heading} tabIndex={-1}>
          <FolderIcon /> {here.name}
        </h1>
      </div>
      {listing.kind === "loading" && <p className="muted listing-placeholder">Loading…</p>}
      {listing.kind === "error" && (
        <div className="notice" role="alert">
          <p>{listing.message}</p>
        </div>
      )}
      {listing.kind === "ready" &&
        (listing.entries.length === 0 ? (
          <div className="empty">
            <FolderIcon />
            <p className="empty-title">This folder is empty</p>
          </div>
        ) : (
          <table className="listing link-listing">
            <caption className="sr-only">Contents of {here.name}</caption>
            <thead>
              <tr>
                <th scope="col" className="col-name">
                  Name
                </th>
                <th scope="col" className="col-size">
                  Size
                </th>
                <th scope="col" className="col-modified">
                  Modified
                </th>
                <th scope="col" className="col-actions">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listing.entries.map((entry) => {
                const modified = formatModified(entry.modifiedAt, now);
                return (
                  <tr key={entry.id} data-id={entry.id}>
                    <td className="col-name">
                      <button
                        type="button"
                        className="entry-name entry-button"
                        onClick={() =>
                          entry.__typename === "File"
                            ? setFile(entry as LinkFile)
                            : go([...trail, { id: entry.id, name: entry.name }])
                        }
                      >
                        {entry.__typename === "File" ? (
                          <FileKindIcon kind={fileKind(entry.name, entry.mimeType)} />
                        ) : (
                          <FolderIcon />
                        )}
                        <span>{entry.name}</span>
                      </button>
                    </td>
                    <td className="col-size">
                      {entry.__typename === "File" ? (
                        formatBytes(entry.size)
                      ) : (
                        <span aria-hidden="true">—</span>
                      )}
                    </td>
                    <td className="col-modified">
                      <time dateTime={entry.modifiedAt} title={modified.title}>
                        {modified.label}
                      </time>
                    </td>
                    <td className="col-actions">
                      {entry.__typename === "File" && (
                        <a
                          className="icon-button"
                          href={contentUrl(entry.id, { download: true, link: access })}
                          download
                          aria-label={`Download ${entry.name}`}
                          title="Download"
                        >
                          <DownloadIcon />
                        </a>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
      {listing.kind === "ready" && listing.after && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "Show more"}
          </button>
        </div>
      )}
    </section>
  );
}
