"use client";

import { useRef, useState } from "react";
import { Dialog } from "../components/dialog";
import { ChevronIcon, FolderIcon } from "../components/icons";
import { describeError } from "../lib/errors";
import { type BatchResult, type Item, moveNodes } from "./actions";
import { useEngine } from "./data/sync-provider";
import { useFolderChildren } from "./data/use-folder-children";

interface Place {
  id: string;
  name: string;
}

/**
 * "Move to…": browse the folder tree from My files (the local index: works offline) and pick a
 * destination. The items being moved are not offered as destinations (a folder can't go inside
 * itself). Moves are queued in the outbox and show at once.
 */
export function MoveDialog<T extends Item>({
  items,
  sourceFolderId,
  onClose,
  onMoved,
}: {
  items: readonly T[];
  /** Where the items are now: "Move here" is disabled there. */
  sourceFolderId: string;
  onClose: () => void;
  onMoved: (result: BatchResult<T>, destination: Place) => void;
}) {
  const engine = useEngine();
  const root = engine?.root();
  const [picked, setTrail] = useState<Place[]>([]);
  const trail = picked.length > 0 || !root ? picked : [{ id: root.id, name: "My files" }];
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const here = trail.at(-1) ?? null;
  const children = useFolderChildren(here?.id ?? null, "NAME_ASC");
  const movingIds = new Set(items.map((i) => i.id));
  const folders = children.entries.filter((e) => e.__typename === "Folder" && !movingIds.has(e.id));

  function go(trailTo: Place[]) {
    setTrail(trailTo);
    setError(null);
    heading.current?.focus();
  }

  async function moveHere() {
    if (!here || moving || !engine) return;
    setMoving(true);
    setError(null);
    const result = await moveNodes(engine, items, here.id);
    const first = result.failed[0];
    if (first && result.done.length === 0) {
      setError(describeError(first.error, "item"));
      setMoving(false);
      return;
    }
    onMoved(result, here);
  }

  const what = items.length === 1 ? `“${items[0]?.name}”` : `${items.length} items`;
  const listError = children.status === "error" ? describeError(children.error) : null;

  return (
    <Dialog
      title={`Move ${what}`}
      className="move-dialog"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button subtle" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!here || moving || here.id === sourceFolderId}
            onClick={moveHere}
          >
            {moving ? "Moving…" : here ? `Move to “${here.name}”` : "Move here"}
          </button>
        </>
      }
    >
      <nav aria-label="Destination" className="picker-trail">
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
      <h3 ref={heading} tabIndex={-1} className="sr-only">
        Folders in {here?.name ?? "My files"}
      </h3>
      <div className="picker-list">
        {children.status === "loading" && <p className="muted picker-empty">Loading…</p>}
        {listError && <p className="picker-empty field-error">{listError}</p>}
        {children.status === "ready" && folders.length === 0 && (
          <p className="muted picker-empty">No folders here.</p>
        )}
        {folders.length > 0 && (
          <ul aria-label={`Folders in ${here?.name ?? "My files"}`}>
            {folders.map((folder) => (
              <li key={folder.id}>
                <button
                  type="button"
                  className="picker-item"
                  onClick={() => go([...trail, { id: folder.id, name: folder.name }])}
                >
                  <FolderIcon />
                  <span className="picker-name">{folder.name}</span>
                  <ChevronIcon />
                </button>
              </li>
            ))}
          </ul>
        )}
        {children.hasMore && (
          <button type="button" className="button subtle" onClick={() => children.loadMore()}>
            Show more folders
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
