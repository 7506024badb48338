"use client";

import { useEffect, useRef, useState } from "react";
import { Dialog } from "../components/dialog";
import { ChevronIcon, FolderIcon } from "../components/icons";
import { describeError } from "../lib/errors";
import { gql } from "../lib/gql";
import { isSignedOut } from "../lib/use-session";
import { type BatchResult, type Item, moveNodes } from "./actions";
import { RootFolderQuery } from "./data/operations";
import { useFolderChildren } from "./data/use-folder-children";

interface Place {
  id: string;
  name: string;
}

/**
 * "Move to…": browse the folder tree from My files and pick a destination. The items being moved
 * are not offered as destinations (a folder can't go inside itself).
 */
export function MoveDialog<T extends Item>({
  items,
  sourceFolderId,
  onClose,
  onMoved,
  onSignedOut,
}: {
  items: readonly T[];
  /** Where the items are now: "Move here" is disabled there. */
  sourceFolderId: string;
  onClose: () => void;
  onMoved: (result: BatchResult<T>, destination: Place) => void;
  onSignedOut: () => void;
}) {
  const [trail, setTrail] = useState<Place[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const here = trail.at(-1) ?? null;
  const children = useFolderChildren(here?.id ?? null, "NAME_ASC");
  const movingIds = new Set(items.map((i) => i.id));
  const folders = children.entries.filter((e) => e.__typename === "Folder" && !movingIds.has(e.id));

  useEffect(() => {
    let cancelled = false;
    gql(RootFolderQuery).then(
      (data) => !cancelled && setTrail([{ id: data.root.id, name: "My files" }]),
      (e) => {
        if (cancelled) return;
        if (isSignedOut(e)) onSignedOut();
        else setError(describeError(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [onSignedOut]);

  function go(trailTo: Place[]) {
    setTrail(trailTo);
    setError(null);
    heading.current?.focus();
  }

  async function moveHere() {
    if (!here || moving) return;
    setMoving(true);
    setError(null);
    const result = await moveNodes(items, here.id);
    const first = result.failed[0];
    if (first && isSignedOut(first.error)) return onSignedOut();
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
