"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { DriveEntryFragment } from "../__generated__/graphql";
import { FolderIcon, PlusIcon } from "../components/icons";
import { apiPath, driveHref, segmentsFromPathname } from "../lib/drive-paths";
import { describeError } from "../lib/errors";
import { GraphQLRequestError, gql, isGraphQLRequestError } from "../lib/gql";
import { Breadcrumbs } from "./breadcrumbs";
import { FolderListing } from "./folder-listing";
import { NewFolderForm } from "./new-folder-form";
import { DriveFolderQuery, MoreChildrenQuery, PAGE_SIZE } from "./operations";
import { TopBar } from "./top-bar";

type FolderState =
  | { kind: "loading"; path: string }
  | { kind: "error"; path: string; message: string }
  | {
      kind: "ready";
      path: string;
      folder: { id: string; name: string };
      entries: DriveEntryFragment[];
      endCursor: string | null;
      hasMore: boolean;
    };

/**
 * A folder of the signed-in user's drive: top bar, breadcrumbs, "New folder", the listing.
 * Fetches through GraphQL in the browser; an expired or missing session goes to /signin.
 */
export function DriveView() {
  const router = useRouter();
  const pathname = usePathname();
  const segments = useMemo(() => segmentsFromPathname(pathname), [pathname]);
  const path = apiPath(segments);
  const here = driveHref(segments);
  const [me, setMe] = useState<{ email: string; name: string } | null>(null);
  const [state, setState] = useState<FolderState>({ kind: "loading", path });
  const [reloads, setReloads] = useState(0);
  const [creating, setCreating] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [loadingMore, setLoadingMore] = useState(false);
  const newFolderButton = useRef<HTMLButtonElement>(null);

  const toSignIn = useCallback(() => {
    router.replace(`/signin?next=${encodeURIComponent(here)}`);
  }, [router, here]);

  const fail = useCallback(
    (error: unknown) => {
      if (isGraphQLRequestError(error) && error.code === "UNAUTHENTICATED") return toSignIn();
      setState({ kind: "error", path, message: describeError(error) });
    },
    [path, toSignIn],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` is the refetch trigger
  useEffect(() => {
    let cancelled = false;
    gql(DriveFolderQuery, { path, first: PAGE_SIZE }).then(
      (data) => {
        if (cancelled) return;
        setMe(data.me);
        const node = data.nodeByPath;
        if (!node) return fail(new GraphQLRequestError("NOT_FOUND", "no such folder"));
        if (node.__typename !== "Folder") {
          return setState({ kind: "error", path, message: "This is a file, not a folder." });
        }
        setState({
          kind: "ready",
          path,
          folder: { id: node.id, name: node.name },
          entries: node.children.nodes,
          endCursor: node.children.pageInfo.endCursor,
          hasMore: node.children.pageInfo.hasNextPage,
        });
      },
      (error) => {
        if (!cancelled) fail(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [path, reloads, fail]);

  // Another folder's data (or none yet) shows as loading, never as this folder's contents.
  const current: FolderState = state.path === path ? state : { kind: "loading", path };
  const title =
    current.kind === "ready" ? current.folder.name || "My files" : (segments.at(-1) ?? "My files");

  useEffect(() => {
    document.title = `${title} · Cairn`;
  }, [title]);

  async function loadMore() {
    if (current.kind !== "ready" || !current.endCursor) return;
    setLoadingMore(true);
    try {
      const data = await gql(MoreChildrenQuery, {
        id: current.folder.id,
        first: PAGE_SIZE,
        after: current.endCursor,
      });
      const page = data.node && "children" in data.node ? data.node.children : null;
      if (!page) return fail(new GraphQLRequestError("NOT_FOUND", "folder is gone"));
      setState({
        ...current,
        entries: [...current.entries, ...page.nodes],
        endCursor: page.pageInfo.endCursor,
        hasMore: page.pageInfo.hasNextPage,
      });
    } catch (error) {
      fail(error);
    } finally {
      setLoadingMore(false);
    }
  }

  function closeNewFolder() {
    setCreating(false);
    newFolderButton.current?.focus();
  }

  return (
    <>
      <TopBar email={me?.email} onSignedOut={() => router.replace("/signin")} />
      <main className="drive" aria-busy={current.kind === "loading"}>
        <div className="drive-nav">{segments.length > 0 && <Breadcrumbs segments={segments} />}</div>
        <div className="drive-head">
          <h1>{title}</h1>
          {current.kind === "ready" && (
            <button
              ref={newFolderButton}
              type="button"
              className="button primary"
              aria-expanded={creating}
              aria-controls={creating ? "new-folder" : undefined}
              onClick={() => setCreating((open) => !open)}
            >
              <PlusIcon />
              New folder
            </button>
          )}
        </div>
        {current.kind === "ready" && creating && (
          <NewFolderForm
            id="new-folder"
            parentId={current.folder.id}
            onCancel={closeNewFolder}
            onCreated={(name) => {
              setAnnouncement(`Folder “${name}” created`);
              closeNewFolder();
              setReloads((n) => n + 1);
            }}
            onUnauthenticated={toSignIn}
          />
        )}
        <p className="sr-only" role="status">
          {announcement}
        </p>

        {current.kind === "loading" && <p className="muted listing-placeholder">Loading…</p>}
        {current.kind === "error" && (
          <div className="notice" role="alert">
            <p>{current.message}</p>
            {path !== "/" && (
              <p>
                <Link href="/drive">Go to My files</Link>
              </p>
            )}
          </div>
        )}
        {current.kind === "ready" &&
          (current.entries.length === 0 ? (
            <div className="empty">
              <FolderIcon />
              <p className="empty-title">This folder is empty</p>
              <p className="muted">Create a folder with “New folder”.</p>
            </div>
          ) : (
            <>
              <FolderListing title={title} segments={segments} entries={current.entries} />
              {current.hasMore && (
                <div className="load-more">
                  <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
                    {loadingMore ? "Loading…" : "Show more"}
                  </button>
                </div>
              )}
            </>
          ))}
      </main>
    </>
  );
}
