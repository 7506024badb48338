"use client";

import { type FormEvent, useRef, useState } from "react";
import { Dialog } from "../components/dialog";
import { describeError } from "../lib/errors";
import { renameNode } from "./actions";
import { useEngine } from "./data/sync-provider";

/**
 * "Rename": the name is preselected up to its extension, so typing replaces just the base name.
 * The new name shows at once (queued in the outbox); a name that breaks a rule or is taken here is
 * refused in the dialog, one the server refuses later is rolled back with a notice.
 */
export function RenameDialog({
  item,
  onClose,
  onRenamed,
}: {
  item: { id: string; name: string; isFolder: boolean };
  onClose: () => void;
  onRenamed: (name: string) => void;
}) {
  const engine = useEngine();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(item.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    if (!name.trim()) {
      setError("Enter a name.");
      input.current?.focus();
      return;
    }
    if (name === item.name) return onClose();
    if (!engine) return;
    setSaving(true);
    setError(null);
    try {
      onRenamed(await renameNode(engine, item.id, name));
    } catch (e) {
      setError(describeError(e, "item"));
      setSaving(false);
      input.current?.focus();
    }
  }

  return (
    <Dialog
      title={item.isFolder ? "Rename folder" : "Rename file"}
      onClose={onClose}
      initialFocus={input}
      footer={
        <>
          <button type="button" className="button subtle" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="rename-form" className="button primary" disabled={saving}>
            {saving ? "Renaming…" : "Rename"}
          </button>
        </>
      }
    >
      <form id="rename-form" onSubmit={onSubmit} className="form">
        <div className="field">
          <label htmlFor="rename-name">New name</label>
          <input
            ref={(el) => {
              input.current = el;
              // Select the base name once, when the dialog opens.
              if (el && !el.dataset.selected) {
                el.dataset.selected = "1";
                requestAnimationFrame(() => {
                  const dot = item.isFolder ? -1 : item.name.lastIndexOf(".");
                  el.setSelectionRange(0, dot > 0 ? dot : item.name.length);
                });
              }
            }}
            id="rename-name"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "rename-error" : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
          {error && (
            <p id="rename-error" className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      </form>
    </Dialog>
  );
}
