"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { AppShell } from "../../components/app-shell";
import { EditIcon, FileKindIcon } from "../../components/icons";
import { useToast } from "../../components/toast";
import { driveHref, fileIdFromPathname } from "../../lib/drive-paths";
import { describeError } from "../../lib/errors";
import { fileKind, isTextFile } from "../../lib/file-types";
import { formatBytes, formatModified } from "../../lib/format";
import { gql, isGraphQLRequestError } from "../../lib/gql";
import { newOpId } from "../../lib/op-id";
import { isSignedOut, useToSignIn } from "../../lib/use-session";
import { Breadcrumbs } from "../breadcrumbs";
import { useEngineState } from "../data/sync-provider";
import { OfflineToggle } from "../offline/offline-toggle";
import { useOfflineCopies } from "../offline/use-offline";
import { useAccess } from "../sharing/share-roles";
import { Changes } from "./changes";
import { DownloadLink } from "./download-link";
import { type FileNode, localDetails } from "./local-details";
import { FileDetailsQuery as Query, RestoreVersionMutation, VERSIONS_SHOWN } from "./operations";
import { Preview } from "./preview";
import { TextEditor } from "./text-editor";
import { VersionList, type VersionRow } from "./versions";

const NOT_FOUND = "This file doesn't exist. It may have been moved, renamed or deleted.";

type View = "preview" | "versions" | "changes" | "edit";

function segmentsOf(path: string): string[] {
  return path.split("/").filter(Boolean);
}

export function FileView() {
  // From the URL, not route params: offline, this page may be the service worker's file shell,
  // rendered for another id (see app/lib/offline-shells.ts).
  const id = fileIdFromPathname(usePathname());
  const search = useSearchParams();
  const router = useRouter();
  const toast = useToast();
  const toSignIn = useToSignIn();
  // `local`: the server could not be reached; the page shows what this device knows (the index,
  // and content kept offline or read before).
  const [state, setState] = useState<{ file?: FileNode; error?: unknown; local?: boolean } | null>(null);
  const [reloads, setReloads] = useState(0);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ copyName: string; fileId: string } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` is the refetch trigger
  useEffect(() => {
    let cancelled = false;
    gql(Query, { id, versions: VERSIONS_SHOWN }).then(
      (data) => {
        if (cancelled) return;
        const node = data.node;
        if (node?.__typename === "Folder") return router.replace(driveHref(segmentsOf(node.path)));
        if (node?.__typename !== "File") return setState({ error: { notFound: true } });
        setState({ file: node });
      },
      (error) => {
        if (cancelled) return;
        if (isSignedOut(error)) return toSignIn();
        if (isGraphQLRequestError(error) && error.code === "NETWORK_ERROR") return setState({ local: true });
        setState({ error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, reloads, router, toSignIn]);

  const { engine, version: indexVersion, status } = useEngineState();
  const { snapshot: offline } = useOfflineCopies();
  const held = offline.held.get(id);
  const access = useAccess();
  // biome-ignore lint/correctness/useExhaustiveDependencies: indexVersion stands for the index's contents
  const local = useMemo(
    () =>
      state?.local && engine ? localDetails(engine, id, held, access.roleOf(engine.getNode(id))) : undefined,
    [state?.local, engine, id, held, indexVersion, access],
  );
  const online = status?.online ?? false;
  useEffect(() => {
    // Back online: ask the server again.
    if (state?.local && online) setReloads((n) => n + 1);
  }, [state?.local, online]);
  useEffect(() => {
    if (local?.kind === "folder") router.replace(driveHref(segmentsOf(local.path)));
  }, [local, router]);

  const file = state?.local ? (local?.kind === "file" ? local.file : undefined) : state?.file;
  const unsynced = local?.kind === "file" && local.unsynced;
  useEffect(() => {
    if (file) document.title = `${file.name} · Cairn`;
  }, [file]);

  // A viewer of a shared folder reads and downloads only: no editor, no restoring versions.
  const canChange = file ? file.role !== "VIEWER" : false;
  const text = file ? isTextFile(file.name, file.mimeType) : false;
  const versions: VersionRow[] = file?.versions.nodes ?? [];
  const requested = (search.get("view") ?? "preview") as View;
  const view: View =
    (!text && (requested === "edit" || requested === "changes")) || (!canChange && requested === "edit")
      ? "preview"
      : ["preview", "versions", "changes", "edit"].includes(requested)
        ? requested
        : "preview";
  const versionParam = Number(search.get("version"));
  const previewVersion =
    Number.isInteger(versionParam) && versionParam > 0 && versionParam !== file?.currentVersion.number
      ? versionParam
      : undefined;

  const hrefFor = useCallback(
    (next: string, params: Record<string, string> = {}) => {
      const query = new URLSearchParams(next === "preview" ? params : { view: next, ...params }).toString();
      return `/file/${encodeURIComponent(id)}${query ? `?${query}` : ""}`;
    },
    [id],
  );

  async function restore(version: VersionRow) {
    if (!file) return;
    setRestoring(version.id);
    try {
      const data = await gql(RestoreVersionMutation, {
        input: { fileId: file.id, versionId: version.id, opId: newOpId() },
      });
      const made = data.restoreVersion;
      toast({
        message: made.unchanged
          ? `Version ${version.number} is already the current content`
          : `Version ${version.number} restored as version ${made.version.number}`,
      });
      setReloads((n) => n + 1);
    } catch (error) {
      if (isSignedOut(error)) return toSignIn();
      toast({
        tone: "error",
        message: `Couldn't restore version ${version.number}: ${describeError(error, "version")}`,
      });
    } finally {
      setRestoring(null);
    }
  }

  if (!state || !file) {
    const notFound =
      (state?.error && (state.error as { notFound?: boolean }).notFound) ||
      (state?.local && local?.kind === "unknown" && status !== null && (status.caughtUp || !online));
    const loading = !state || (state.local && !notFound);
    return (
      <AppShell busy={loading}>
        <div className="drive-nav" />
        {loading ? (
          <p className="muted listing-placeholder">Loading…</p>
        ) : (
          <>
            <div className="drive-head">
              <h1>File not available</h1>
            </div>
            <div className="notice" role="alert">
              <p>{notFound ? NOT_FOUND : describeError(state.error, "file")}</p>
              <p>
                <Link href="/drive">Go to My files</Link>
              </p>
            </div>
          </>
        )}
      </AppShell>
    );
  }

  const folder = segmentsOf(file.parent?.path ?? "/");
  const modified = formatModified(file.modifiedAt);
  const last = versions.length;
  const defaultFrom = versions[1]?.number ?? versions[0]?.number ?? 1;
  const defaultTo = versions[0]?.number ?? 1;
  const from = Number(search.get("from")) || defaultFrom;
  const to = Number(search.get("to")) || defaultTo;
  const tabs: { view: View; label: string; href: string }[] = [
    { view: "preview", label: "Preview", href: hrefFor("preview") },
    {
      view: "versions",
      label: state.local ? "Versions" : `Versions (${file.currentVersion.number})`,
      href: hrefFor("versions"),
    },
  ];
  if (text && last >= 2) tabs.push({ view: "changes", label: "Changes", href: hrefFor("changes") });
  if (text && canChange) tabs.push({ view: "edit", label: "Edit", href: hrefFor("edit") });

  return (
    <AppShell>
      <div className="drive-nav">
        <Breadcrumbs segments={folder} leaf={file.name} />
      </div>
      <div className="drive-head file-head">
        <div className="file-title">
          <FileKindIcon kind={fileKind(file.name, file.mimeType)} />
          <div>
            <h1>{file.name}</h1>
            <p className="muted file-meta">
              {formatBytes(file.size)} · Modified{" "}
              <time dateTime={file.modifiedAt} title={modified.title}>
                {modified.label}
              </time>{" "}
              {file.currentVersion.number > 0 && ` · Version ${file.currentVersion.number}`}
              {unsynced && " · Changes waiting to sync"}
            </p>
          </div>
        </div>
        <div className="drive-head-actions">
          {text && canChange && view !== "edit" && (
            <Link className="button" href={hrefFor("edit")}>
              <EditIcon />
              Edit
            </Link>
          )}
          <OfflineToggle item={file} variant="button" />
          <DownloadLink
            target={{
              fileId: file.id,
              versionId: file.currentVersion.id,
              mimeType: file.mimeType,
              contentHash: file.contentHash,
            }}
            fileName={file.name}
          />
        </div>
      </div>
      {file.trashedAt && (
        <div className="notice" role="status">
          <p>
            This file is in the trash. <Link href="/trash">Open the trash</Link> to restore it.
          </p>
        </div>
      )}
      {conflict && (
        <div className="notice notice-warning" role="alert">
          <p>
            Someone else changed “{file.name}” while you were editing. Your edit was saved as “
            {conflict.copyName}” in the same folder.
          </p>
          <p>
            <Link href={`/file/${conflict.fileId}`}>Open “{conflict.copyName}”</Link>
          </p>
        </div>
      )}
      <nav className="tabs" aria-label="File views">
        {tabs.map((tab) => (
          <Link
            key={tab.view}
            href={tab.href}
            className="tab"
            aria-current={tab.view === view ? "page" : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>

      {view === "preview" && (
        <section className="preview" aria-label="Preview">
          {previewVersion !== undefined && (
            <p className="preview-note">
              You're looking at version {previewVersion}.{" "}
              <Link href={hrefFor("preview")}>Show the current version</Link>
            </p>
          )}
          <Preview
            file={{
              id: file.id,
              name: file.name,
              mimeType: file.mimeType,
              size: versions.find((v) => v.number === previewVersion)?.size ?? file.size,
            }}
            version={previewVersion}
            versionId={
              previewVersion === undefined
                ? file.currentVersion.id
                : versions.find((v) => v.number === previewVersion)?.id
            }
            contentHash={
              previewVersion === undefined
                ? file.contentHash
                : versions.find((v) => v.number === previewVersion)?.contentHash
            }
          />
        </section>
      )}
      {view === "versions" && state.local && (
        <div className="notice" role="status">
          <p>You're offline. The version history shows when the connection is back.</p>
        </div>
      )}
      {view === "versions" && !state.local && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title" className="section-title">
            Version history
          </h2>
          <VersionList
            fileId={file.id}
            fileName={file.name}
            mimeType={file.mimeType}
            versions={versions}
            currentVersionId={file.currentVersion.id}
            canCompare={text}
            restoring={restoring}
            onRestore={restore}
            canRestore={canChange}
            hrefFor={hrefFor}
          />
          {file.versions.pageInfo.hasNextPage && (
            <p className="muted page-hint">Showing the {VERSIONS_SHOWN} newest versions.</p>
          )}
        </section>
      )}
      {view === "changes" && (
        <Changes
          fileId={file.id}
          versions={versions}
          from={from}
          to={to}
          onPick={(a, b) => router.replace(hrefFor("changes", { from: String(a), to: String(b) }))}
        />
      )}
      {view === "edit" && file.parent && (
        <TextEditor
          key={file.currentVersion.id}
          file={{ id: file.id, name: file.name, parentId: file.parent.id, size: file.size }}
          base={{ ...file.currentVersion, contentHash: file.contentHash }}
          onSignedOut={toSignIn}
          onCancel={() => router.push(hrefFor("preview"))}
          onSaved={(result) => {
            if (result.queued) {
              toast({
                message: `“${file.name}” saved on this device. It will sync when you're back online.`,
              });
              // Same page, another view: nothing to ask the server for (offline, router.push
              // would fall back to a full page load, and the page's state would go with it).
              window.history.pushState(null, "", hrefFor("preview"));
              return;
            }
            if (result.conflict) {
              setConflict({ copyName: result.conflict.copyName, fileId: result.fileId });
              setReloads((n) => n + 1);
              return;
            }
            if (result.unchanged) {
              toast({ message: "No changes: the file already has this content" });
              return;
            }
            const base = file.currentVersion.number;
            toast({
              message: `Saved as version ${result.versionNumber}`,
              action: {
                label: "View changes",
                onClick: () =>
                  router.push(hrefFor("changes", { from: String(base), to: String(result.versionNumber) })),
              },
            });
            setReloads((n) => n + 1);
            router.push(hrefFor("preview"));
          }}
        />
      )}
    </AppShell>
  );
}
