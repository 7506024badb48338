"use client";

import Link from "next/link";
import { type KeyboardEvent, type MouseEvent, useEffect, useRef } from "react";
import {
  DownloadIcon,
  FileKindIcon,
  FolderIcon,
  LinkIcon,
  MoveIcon,
  RenameIcon,
  ShareIcon,
  SortIcon,
  TrashIcon,
} from "../components/icons";
import { fileKind } from "../lib/file-types";
import { formatBytes, formatModified } from "../lib/format";
import type { ChildOrder, DriveEntry } from "./data/use-folder-children";
import { OfflineBadge, OfflineToggle } from "./offline/offline-toggle";
import type { Selection } from "./selection";

export type SortColumn = "NAME" | "MODIFIED" | "SIZE";

/** The order a header click asks for: the same column flips; a new one starts at its natural direction. */
export function nextOrder(current: ChildOrder, column: SortColumn): ChildOrder {
  if (current.startsWith(column))
    return (current.endsWith("_ASC") ? `${column}_DESC` : `${column}_ASC`) as ChildOrder;
  return (column === "NAME" ? "NAME_ASC" : `${column}_DESC`) as ChildOrder;
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The icon for a listing entry. */
export function EntryIcon({ entry }: { entry: DriveEntry }) {
  if (entry.__typename === "Folder") return <FolderIcon />;
  return <FileKindIcon kind={fileKind(entry.name, entry.__typename === "File" ? entry.mimeType : "")} />;
}

/** On an item whose changes are queued and not yet confirmed by the server. */
export function PendingBadge() {
  return (
    <span className="badge badge-pending" title="Changes to this item are waiting to sync">
      Pending
    </span>
  );
}

export interface ListingActions {
  hrefOf: (entry: DriveEntry) => string;
  onOpen: (entry: DriveEntry) => void;
  onRename: (entry: DriveEntry) => void;
  onMove: (entries: DriveEntry[]) => void;
  onTrash: (entries: DriveEntry[]) => void;
  onDownload: (entries: DriveEntry[]) => void;
  /** Whether the user may rename, move and trash it (not as a viewer, not a share's top folder as a member). */
  canEdit: (entry: DriveEntry) => boolean;
  /** "share" (people and links), "link" (links only) or null (nothing to offer). */
  shareMode: (entry: DriveEntry) => "share" | "link" | null;
  onShare: (entry: DriveEntry) => void;
  /** A badge after the name (e.g. "Shared"), with a longer title. */
  badgeOf: (entry: DriveEntry) => { label: string; title: string } | null;
}

/**
 * A folder's children as an ARIA grid: one Tab stop (the focused row), arrows move, Space and
 * Ctrl/Shift select, Enter opens, F2 renames, Delete trashes. Sortable by Name, Size, Modified.
 */
export function FolderListing({
  title,
  entries,
  order,
  onSort,
  selection,
  actions,
}: {
  title: string;
  entries: readonly DriveEntry[];
  order: ChildOrder;
  onSort: (order: ChildOrder) => void;
  selection: Selection;
  actions: ListingActions;
}) {
  const rows = useRef(new Map<string, HTMLTableRowElement>());
  const ids = entries.map((e) => e.id);
  const now = new Date();
  const tabStop = selection.focused ?? ids[0] ?? null;
  const allSelected = ids.length > 0 && ids.every((id) => selection.selected.has(id));
  const someSelected = !allSelected && ids.some((id) => selection.selected.has(id));
  const selectAllBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (selectAllBox.current) selectAllBox.current.indeterminate = someSelected;
  }, [someSelected]);

  // When the focused row goes away (trashed, moved), focus the row that took its place, so
  // keyboard users stay in the listing.
  const lastFocus = useRef<{ id: string; index: number } | null>(null);
  useEffect(() => {
    const last = lastFocus.current;
    if (!last || entries.some((e) => e.id === last.id)) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const next = entries[Math.min(last.index, entries.length - 1)];
    if (next) {
      selection.focus(next.id);
      rows.current.get(next.id)?.focus();
    }
  }, [entries, selection.focus]);

  const byId = (id: string | null) => (id ? entries.find((e) => e.id === id) : undefined);
  const selectedEntries = () => entries.filter((e) => selection.selected.has(e.id));
  /** What a key applies to: the selection when the focused row is part of it, else the focused row. */
  const targets = () => {
    const focused = byId(selection.focused);
    if (!focused) return selectedEntries();
    return selection.selected.has(focused.id) ? selectedEntries() : [focused];
  };

  function focusRow(id: string) {
    rows.current.get(id)?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    // Space and Enter on a checkbox or button inside a row do what they do there.
    if (!(event.target instanceof HTMLTableRowElement) && (event.key === " " || event.key === "Enter"))
      return;
    const toggleKey = isMac() ? event.metaKey : event.ctrlKey;
    const current = selection.focused ?? ids[0];
    const index = current ? ids.indexOf(current) : -1;
    let to: number | null = null;
    switch (event.key) {
      case "ArrowDown":
        to = Math.min(ids.length - 1, index + 1);
        break;
      case "ArrowUp":
        to = Math.max(0, index - 1);
        break;
      case "Home":
        to = 0;
        break;
      case "End":
        to = ids.length - 1;
        break;
      case "PageDown":
        to = Math.min(ids.length - 1, index + 10);
        break;
      case "PageUp":
        to = Math.max(0, index - 10);
        break;
      case " ": {
        event.preventDefault();
        if (current) selection.toggle(current, event.shiftKey);
        return;
      }
      case "Enter": {
        const entry = byId(current ?? null);
        if (entry) {
          event.preventDefault();
          actions.onOpen(entry);
        }
        return;
      }
      case "F2": {
        const entry = byId(current ?? null);
        if (entry && actions.canEdit(entry)) {
          event.preventDefault();
          actions.onRename(entry);
        }
        return;
      }
      case "Delete":
      case "Backspace": {
        if (event.key === "Backspace" && !event.metaKey) return;
        const items = targets();
        if (items.length > 0 && items.every(actions.canEdit)) {
          event.preventDefault();
          actions.onTrash(items);
        }
        return;
      }
      case "a":
      case "A":
        if (toggleKey) {
          event.preventDefault();
          selection.selectAll();
        }
        return;
      case "Escape":
        if (selection.selected.size > 0) {
          event.preventDefault();
          selection.clear();
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    const id = ids[to];
    if (!id) return;
    if (toggleKey && !event.shiftKey) selection.focus(id);
    else selection.pick(id, { shift: event.shiftKey, toggle: false });
    focusRow(id);
  }

  function onRowClick(event: MouseEvent, entry: DriveEntry) {
    // The name link navigates; the checkbox and action buttons do their own thing.
    if ((event.target as HTMLElement).closest("a, button, input")) return;
    selection.pick(entry.id, { shift: event.shiftKey, toggle: isMac() ? event.metaKey : event.ctrlKey });
  }

  const sortHeader = (column: SortColumn, label: string, className: string) => {
    const active = order.startsWith(column);
    const direction = active ? (order.endsWith("_ASC") ? "ascending" : "descending") : "none";
    return (
      <th scope="col" className={className} aria-sort={active ? direction : undefined}>
        <button type="button" className="sort-button" onClick={() => onSort(nextOrder(order, column))}>
          {label}
          <SortIcon direction={direction} />
        </button>
      </th>
    );
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an ARIA grid on a table is the documented pattern for a selectable listing
    <table className="listing" role="grid" aria-multiselectable="true">
      <caption className="sr-only">
        Contents of {title}. Arrow keys move, Space selects, Enter opens, F2 renames, Delete moves to the
        trash.
      </caption>
      <thead>
        <tr>
          <th scope="col" className="col-check">
            <input
              ref={selectAllBox}
              type="checkbox"
              className="checkbox"
              aria-label="Select all"
              checked={allSelected}
              onChange={() => (allSelected ? selection.clear() : selection.selectAll())}
            />
          </th>
          {sortHeader("NAME", "Name", "col-name")}
          {sortHeader("SIZE", "Size", "col-size")}
          {sortHeader("MODIFIED", "Modified", "col-modified")}
          <th scope="col" className="col-actions">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody onKeyDown={onKeyDown}>
        {entries.map((entry) => {
          const modified = formatModified(entry.modifiedAt, now);
          const isFolder = entry.__typename === "Folder";
          const selected = selection.selected.has(entry.id);
          const editable = actions.canEdit(entry);
          const share = actions.shareMode(entry);
          const badge = actions.badgeOf(entry);
          return (
            <tr
              key={entry.id}
              ref={(el) => {
                if (el) rows.current.set(entry.id, el);
                else rows.current.delete(entry.id);
              }}
              className={`${isFolder ? "row-folder" : "row-file"}${selected ? " is-selected" : ""}`}
              aria-selected={selected}
              tabIndex={entry.id === tabStop ? 0 : -1}
              data-id={entry.id}
              onFocus={(event) => {
                if (event.target !== event.currentTarget) return;
                lastFocus.current = { id: entry.id, index: ids.indexOf(entry.id) };
                selection.focus(entry.id);
              }}
              onBlur={(event) => {
                // Focus left the listing for good (not just removed with its row).
                if (
                  event.relatedTarget &&
                  !event.currentTarget.parentElement?.contains(event.relatedTarget as Node)
                ) {
                  lastFocus.current = null;
                }
              }}
              onClick={(event) => onRowClick(event, entry)}
              onDoubleClick={(event) => {
                if (!(event.target as HTMLElement).closest("a, button, input")) actions.onOpen(entry);
              }}
            >
              <td className="col-check">
                <input
                  type="checkbox"
                  className="checkbox"
                  tabIndex={-1}
                  aria-label={`Select ${entry.name}`}
                  checked={selected}
                  onClick={(event) => {
                    event.stopPropagation();
                    selection.toggle(entry.id, event.shiftKey);
                  }}
                  onChange={() => {}}
                />
              </td>
              <td className="col-name">
                <Link className="entry-name" href={actions.hrefOf(entry)} tabIndex={-1} draggable={false}>
                  <EntryIcon entry={entry} />
                  <span>{entry.name}</span>
                </Link>
                {badge && (
                  <span className="badge badge-shared" title={badge.title}>
                    {badge.label}
                  </span>
                )}
                {entry.pending && <PendingBadge />}
                <OfflineBadge nodeId={entry.id} />
              </td>
              <td className="col-size">
                {entry.__typename === "File" ? formatBytes(entry.size) : <span aria-hidden="true">—</span>}
              </td>
              <td className="col-modified">
                <time dateTime={entry.modifiedAt} title={modified.title}>
                  {modified.label}
                </time>
              </td>
              <td className="col-actions">
                <div className="row-actions">
                  <OfflineToggle item={entry} variant="icon" />
                  {!isFolder && (
                    <button
                      type="button"
                      className="icon-button"
                      tabIndex={-1}
                      aria-label={`Download ${entry.name}`}
                      title="Download"
                      onClick={() => actions.onDownload([entry])}
                    >
                      <DownloadIcon />
                    </button>
                  )}
                  {share && (
                    <button
                      type="button"
                      className="icon-button"
                      tabIndex={-1}
                      aria-label={share === "share" ? `Share ${entry.name}` : `Get link to ${entry.name}`}
                      title={share === "share" ? "Share" : "Get link"}
                      onClick={() => actions.onShare(entry)}
                    >
                      {share === "share" ? <ShareIcon /> : <LinkIcon />}
                    </button>
                  )}
                  {editable && (
                    <>
                      <button
                        type="button"
                        className="icon-button"
                        tabIndex={-1}
                        aria-label={`Rename ${entry.name}`}
                        title="Rename (F2)"
                        onClick={() => actions.onRename(entry)}
                      >
                        <RenameIcon />
                      </button>
                      <button
                        type="button"
                        className="icon-button"
                        tabIndex={-1}
                        aria-label={`Move ${entry.name}`}
                        title="Move"
                        onClick={() => actions.onMove([entry])}
                      >
                        <MoveIcon />
                      </button>
                      <button
                        type="button"
                        className="icon-button"
                        tabIndex={-1}
                        aria-label={`Move ${entry.name} to trash`}
                        title="Move to trash (Delete)"
                        onClick={() => actions.onTrash([entry])}
                      >
                        <TrashIcon />
                      </button>
                    </>
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
