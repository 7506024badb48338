"use client";
/**
 * Offline storage: the files and folders kept on this device ("available offline"), how much
 * room they and the cache of recently opened files take, and "Remove offline copy" for each.
 */
import Link from "next/link";
import { useEffect } from "react";
import { AppShell } from "../../components/app-shell";
import { FileKindIcon, FolderIcon } from "../../components/icons";
import { useToast } from "../../components/toast";
import { driveHref } from "../../lib/drive-paths";
import { fileKind } from "../../lib/file-types";
import { formatBytes } from "../../lib/format";
import { useEngineState } from "../data/sync-provider";
import { useOfflineCopies } from "./use-offline";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function StorageView() {
  const { engine, version: _version } = useEngineState();
  const { copies, snapshot } = useOfflineCopies();
  const toast = useToast();

  useEffect(() => {
    document.title = "Offline storage · Cairn";
  }, []);
  // Fresh totals when the page opens.
  useEffect(() => {
    void copies?.run();
  }, [copies]);

  const stats = snapshot.stats;
  const rows = [...snapshot.choices]
    .sort((a, b) => a.chosenAt - b.chosenAt)
    .map((choice) => {
      const node = engine?.getNode(choice.nodeId);
      const files = [...snapshot.wanted].filter(([, by]) => by === choice.nodeId).map(([id]) => id);
      const heldFiles = files.filter((id) => {
        const held = snapshot.held.get(id);
        return held !== undefined && held.contentHash === engine?.index.get(id)?.contentHash;
      });
      const bytes = heldFiles.reduce((n, id) => n + (snapshot.held.get(id)?.size ?? 0), 0);
      return { choice, node, path: engine?.pathOf(choice.nodeId), files, heldFiles, bytes };
    });

  return (
    <AppShell busy={!snapshot.ready}>
      <div className="drive-nav" />
      <div className="drive-head">
        <h1>Offline storage</h1>
      </div>
      <dl className="storage-summary" data-testid="storage-summary">
        <div>
          <dt>Kept offline</dt>
          <dd data-testid="pinned-bytes">{stats ? formatBytes(stats.pinnedBytes) : "…"}</dd>
        </div>
        <div>
          <dt>Recently opened files</dt>
          <dd data-testid="cached-bytes">
            {stats
              ? `${formatBytes(stats.bytes - stats.pinnedBytes)} of up to ${formatBytes(stats.limit)}`
              : "…"}
          </dd>
        </div>
      </dl>
      <p className="muted" role="status">
        {snapshot.busy
          ? "Downloading files to keep offline…"
          : snapshot.waiting
            ? "Some files will be downloaded when you're back online."
            : ""}
      </p>
      {!snapshot.ready ? (
        <p className="muted listing-placeholder">Loading…</p>
      ) : rows.length === 0 ? (
        <div className="empty">
          <p className="empty-title">Nothing is kept offline yet</p>
          <p className="muted">
            Use “Make available offline” on a file or folder to open it with no connection.
          </p>
        </div>
      ) : (
        <table className="listing storage-list" aria-label="Kept offline">
          <thead>
            <tr>
              <th scope="col" className="col-name">
                Name
              </th>
              <th scope="col">Files</th>
              <th scope="col" className="col-size">
                Size
              </th>
              <th scope="col" className="col-actions">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ choice, node, path, files, heldFiles, bytes }) => {
              const name = node ? node.name || "My files" : "(no longer in your files)";
              const href = node
                ? node.kind === "folder"
                  ? driveHref((path ?? "/").split("/").filter(Boolean))
                  : `/file/${node.id}`
                : undefined;
              return (
                <tr key={choice.nodeId} data-id={choice.nodeId}>
                  <td className="col-name">
                    {href ? (
                      <Link className="entry-name" href={href}>
                        {node?.kind === "folder" ? (
                          <FolderIcon />
                        ) : (
                          <FileKindIcon kind={fileKind(name, node?.mimeType ?? "")} />
                        )}
                        <span>{name}</span>
                      </Link>
                    ) : (
                      <span>{name}</span>
                    )}
                    {path && <span className="muted storage-path"> {path}</span>}
                  </td>
                  <td>
                    {heldFiles.length === files.length
                      ? plural(files.length, "file")
                      : `${heldFiles.length} of ${plural(files.length, "file")} downloaded`}
                  </td>
                  <td className="col-size">{formatBytes(bytes)}</td>
                  <td className="col-actions">
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Remove offline copy of ${name}`}
                      onClick={() => {
                        copies?.unchoose(choice.nodeId).then(
                          () => toast({ message: `“${name}” is no longer kept offline` }),
                          () =>
                            toast({
                              tone: "error",
                              message: `Couldn't remove the offline copy of “${name}”.`,
                            }),
                        );
                      }}
                    >
                      Remove offline copy
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </AppShell>
  );
}
