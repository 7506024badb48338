"use client";
/**
 * The Chooser and Saver popup (docs/partner-apps.md). Browses the drive's local index (the same
 * sync engine and listing data as My files), searches by name, and answers the partner page with
 * postMessage at its checked origin only.
 */
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { BlobSource } from "@/lib/upload";
import { ChevronIcon, FolderIcon } from "../components/icons";
import { Logo } from "../components/logo";
import { type DriveEntry, toEntry } from "../drive/data/entries";
import { SyncProvider, useEngine, useEngineState } from "../drive/data/sync-provider";
import { useFolderChildren } from "../drive/data/use-folder-children";
import { EntryIcon } from "../drive/folder-listing";
import { getUploadManager } from "../drive/uploads/upload-service";
import { describeError } from "../lib/errors";
import { formatBytes } from "../lib/format";
import { gql } from "../lib/gql";
import { refusal } from "./filters";
import { ChooseItemsMutation } from "./operations";
import { type ChooseOptions, type ChosenFile, readParams, type SaveFile, usePartner } from "./partner";

interface Place {
  id: string;
  name: string;
}

export function PickerView() {
  // From the router, not window.location: after signing in, the client-side navigation back here
  // renders before the address bar changes.
  const search = useSearchParams().toString();
  const params = useMemo(() => readParams(search), [search]);
  const { state, send } = usePartner(params);

  if (state.kind === "refused") {
    return (
      <PickerFrame title="Can't open Cairn here">
        <p role="alert" className="notice notice-warning">
          {state.message}
        </p>
        <div className="picker-foot">
          <button type="button" className="button subtle" onClick={() => window.close()}>
            Close
          </button>
        </div>
      </PickerFrame>
    );
  }
  if (state.kind !== "ready" || !params) {
    return (
      <PickerFrame title="Cairn">
        <p className="muted" aria-live="polite">
          {state.kind === "waiting" ? `Connecting to ${state.appName}…` : "Checking the app…"}
        </p>
      </PickerFrame>
    );
  }
  const cancel = () => {
    send({ cairn: "cancel" });
    window.close();
  };
  const succeed = (files: ChosenFile[]) => {
    send({ cairn: "success", files });
    window.close();
  };
  return (
    <SyncProvider>
      {params.mode === "choose" ? (
        <Chooser
          appName={state.appName}
          appKey={params.appKey}
          origin={params.origin}
          options={state.options}
          onCancel={cancel}
          onChosen={succeed}
        />
      ) : (
        <Saver appName={state.appName} files={state.files} onCancel={cancel} onSaved={succeed} />
      )}
    </SyncProvider>
  );
}

function PickerFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="picker-page">
      <header className="picker-head">
        <Logo size={24} />
        <h1>{title}</h1>
      </header>
      {children}
    </main>
  );
}

/** Up to 200 entries anywhere in the drive whose name contains `query` (trash excluded). */
function useSearch(query: string): DriveEntry[] {
  const { engine, version } = useEngineState();
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the index's contents
  return useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    if (!engine || q === "") return [];
    const out: DriveEntry[] = [];
    for (const node of engine.view.all()) {
      if (node.parentId === null || !node.name.toLocaleLowerCase().includes(q)) continue;
      let inTrash = false;
      for (
        let n: typeof node | undefined = node;
        n;
        n = n.parentId ? engine.getNode(n.parentId) : undefined
      ) {
        if (n.trashedAt) {
          inTrash = true;
          break;
        }
      }
      if (inTrash || engine.pathOf(node.id) === undefined) continue;
      out.push(toEntry(engine, node));
      if (out.length >= 200) break;
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }, [engine, version, query]);
}

function useTrail(): [Place[], (trail: Place[]) => void] {
  const engine = useEngine();
  const root = engine?.root();
  const [picked, setTrail] = useState<Place[]>([]);
  const trail = picked.length > 0 || !root ? picked : [{ id: root.id, name: "My files" }];
  return [trail, setTrail];
}

function Trail({ trail, go }: { trail: Place[]; go: (trail: Place[]) => void }) {
  return (
    <nav aria-label="Folder" className="picker-trail">
      <ol>
        {trail.map((place, i) => (
          <li key={place.id}>
            {i > 0 && <ChevronIcon />}
            {i === trail.length - 1 ? (
              <span aria-current="location">{place.name}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => go(trail.slice(0, i + 1))}>
                {place.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Chooser({
  appName,
  appKey,
  origin,
  options,
  onCancel,
  onChosen,
}: {
  appName: string;
  appKey: string;
  origin: string;
  options: ChooseOptions;
  onCancel: () => void;
  onChosen: (files: ChosenFile[]) => void;
}) {
  const [trail, setTrail] = useTrail();
  const here = trail.at(-1) ?? null;
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<Map<string, DriveEntry>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const children = useFolderChildren(here?.id ?? null, "NAME_ASC");
  const found = useSearch(query);
  const searching = query.trim() !== "";
  const entries = searching ? found : children.entries;

  function toggle(entry: DriveEntry) {
    setSelected((current) => {
      const next = new Map(options.multiselect ? current : []);
      if (current.has(entry.id)) next.delete(entry.id);
      else next.set(entry.id, entry);
      return next;
    });
  }

  async function choose() {
    if (selected.size === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { chooseItems } = await gql(ChooseItemsMutation, {
        input: {
          appKey,
          origin,
          nodeIds: [...selected.keys()],
          linkType: options.linkType === "direct" ? "DIRECT" : "PREVIEW",
        },
      });
      onChosen(chooseItems.map((item) => ({ ...item })));
    } catch (e) {
      setError(describeError(e, "file"));
      setBusy(false);
    }
  }

  const what = options.folderselect ? "files or folders" : options.multiselect ? "files" : "a file";
  return (
    <PickerFrame title={`Choose ${what} for ${appName}`}>
      <input
        type="search"
        className="picker-search"
        placeholder="Search by name"
        aria-label="Search by name"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {searching ? (
        <p className="muted picker-trail">
          {found.length === 0 ? "No matches" : `${found.length} match${found.length === 1 ? "" : "es"}`}
        </p>
      ) : (
        <Trail trail={trail} go={setTrail} />
      )}
      <div className="picker-list picker-list-tall">
        {!searching && children.status === "loading" && <p className="muted picker-empty">Loading…</p>}
        {!searching && children.status === "error" && (
          <p className="picker-empty field-error">{describeError(children.error)}</p>
        )}
        {!searching && children.status === "ready" && entries.length === 0 && (
          <p className="muted picker-empty">This folder is empty.</p>
        )}
        <ul aria-label={searching ? "Search results" : `Items in ${here?.name ?? "My files"}`}>
          {entries.map((entry) => {
            const why = refusal(entry, options);
            const isFolder = entry.__typename === "Folder";
            const size = isFolder ? "" : formatBytes((entry as { size: number }).size);
            return (
              <li key={entry.id} className="picker-row">
                <label className="picker-item" title={why ?? undefined} aria-disabled={why !== null}>
                  <input
                    type={options.multiselect ? "checkbox" : "radio"}
                    name="chosen"
                    className="checkbox"
                    checked={selected.has(entry.id)}
                    disabled={why !== null}
                    onChange={() => toggle(entry)}
                    aria-label={`Choose ${entry.name}`}
                  />
                  <EntryIcon entry={entry} />
                  <span className="picker-name">{entry.name}</span>
                  <span className="muted">{why ?? size}</span>
                </label>
                {isFolder && (
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Open ${entry.name}`}
                    onClick={() => {
                      setQuery("");
                      setTrail([...(searching ? [] : trail), { id: entry.id, name: entry.name }]);
                    }}
                  >
                    <ChevronIcon />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="picker-foot">
        <span className="muted">{selected.size > 0 ? `${selected.size} selected` : ""}</span>
        <button type="button" className="button subtle" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          disabled={selected.size === 0 || busy}
          onClick={choose}
        >
          {busy ? "Choosing…" : "Choose"}
        </button>
      </div>
    </PickerFrame>
  );
}

function Saver({
  appName,
  files,
  onCancel,
  onSaved,
}: {
  appName: string;
  files: SaveFile[];
  onCancel: () => void;
  onSaved: (files: ChosenFile[]) => void;
}) {
  const [trail, setTrail] = useTrail();
  const here = trail.at(-1) ?? null;
  const children = useFolderChildren(here?.id ?? null, "NAME_ASC");
  const folders = children.entries.filter((e) => e.__typename === "Folder");
  const [saving, setSaving] = useState<{ ids: string[]; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const total = files.reduce((n, f) => n + f.data.byteLength, 0);
  const unsubscribe = useRef<(() => void) | null>(null);
  useEffect(() => () => unsubscribe.current?.(), []);

  function save() {
    if (!here || saving) return;
    setError(null);
    const manager = getUploadManager();
    const ids = manager.add(
      files.map((f) => ({
        source: new BlobSource(new File([f.data], f.filename)),
        name: f.filename,
        parentId: here.id,
      })),
    );
    setSaving({ ids, percent: 0 });
    const check = () => {
      const mine = manager.getSnapshot().items.filter((item) => ids.includes(item.id));
      const failed = mine.find((item) => item.phase === "failed" || item.phase === "cancelled");
      if (failed) {
        unsubscribe.current?.();
        setSaving(null);
        setError(`Couldn't save “${failed.name}”: ${failed.error?.message ?? "the upload stopped"}`);
        return;
      }
      const done = mine.filter((item) => item.phase === "done" && item.result);
      const sent = mine.reduce((n, item) => n + item.bytesSent + item.bytesSkipped, 0);
      setSaving({ ids, percent: total === 0 ? 100 : Math.min(99, Math.round((sent / total) * 100)) });
      if (done.length === ids.length) {
        unsubscribe.current?.();
        onSaved(
          done.map((item) => ({
            id: item.result!.fileId,
            name: item.result!.name,
            bytes: item.size,
            isDir: false,
          })),
        );
      }
    };
    unsubscribe.current = manager.subscribe(check);
    check();
  }

  const names = files.length === 1 ? `“${files[0]!.filename}”` : `${files.length} files`;
  return (
    <PickerFrame title={`Save ${names} from ${appName}`}>
      <ul className="picker-save-list" aria-label="Files to save">
        {files.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for the window's life
          <li key={i}>
            {f.filename} <span className="muted">{formatBytes(f.data.byteLength)}</span>
          </li>
        ))}
      </ul>
      <Trail trail={trail} go={setTrail} />
      <div className="picker-list">
        {children.status === "loading" && <p className="muted picker-empty">Loading…</p>}
        {children.status === "ready" && folders.length === 0 && (
          <p className="muted picker-empty">No folders here.</p>
        )}
        <ul aria-label={`Folders in ${here?.name ?? "My files"}`}>
          {folders.map((folder) => (
            <li key={folder.id}>
              <button
                type="button"
                className="picker-item"
                disabled={saving !== null}
                onClick={() => setTrail([...trail, { id: folder.id, name: folder.name }])}
              >
                <FolderIcon />
                <span className="picker-name">{folder.name}</span>
                <ChevronIcon />
              </button>
            </li>
          ))}
        </ul>
      </div>
      {saving && (
        <p className="muted" aria-live="polite">
          <progress max={100} value={saving.percent} aria-label="Saving" /> Saving… {saving.percent}%
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="picker-foot">
        <button type="button" className="button subtle" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={!here || saving !== null} onClick={save}>
          {saving ? "Saving…" : here ? `Save to “${here.name}”` : "Save"}
        </button>
      </div>
    </PickerFrame>
  );
}
