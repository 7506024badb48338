"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { describeError } from "../../lib/errors";
import { formatBytes } from "../../lib/format";
import { newOpId } from "../../lib/op-id";
import { isSignedOut } from "../../lib/use-session";
import { useEngine, useSessionUser } from "../data/sync-provider";
import { loadText, TEXT_LIMIT } from "./load-text";
import { type SaveTextResult, saveText } from "./save-text";

/**
 * A plain text editor (a monospace textarea). Save commits a new version based on the version
 * that was loaded; if the file changed meanwhile, the server keeps the edit as a conflicted copy.
 */
export function TextEditor({
  file,
  base,
  onSaved,
  onCancel,
  onSignedOut,
}: {
  file: { id: string; name: string; parentId: string; size: number };
  /** The version being edited (the base of the commit), and the content shown (a queued edit's, offline). */
  base: { id: string; number: number; contentHash?: string };
  onSaved: (result: SaveTextResult) => void;
  onCancel: () => void;
  onSignedOut: () => void;
}) {
  const [original, setOriginal] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const engine = useEngine();
  const me = useSessionUser();
  // One opId per content being saved: a retry of the same text replays the same commit.
  const op = useRef<{ text: string; opId: string } | null>(null);
  const tooLarge = file.size > TEXT_LIMIT;
  const dirty = original !== null && text !== original;

  // Focus the editor once its text is in (after that render is committed, not on a timer).
  const loaded = original !== null;
  useEffect(() => {
    if (loaded) area.current?.focus();
  }, [loaded]);

  useEffect(() => {
    if (tooLarge) return;
    const controller = new AbortController();
    loadText(file.id, {
      version: base.number || undefined,
      versionId: base.id,
      contentHash: base.contentHash,
      signal: controller.signal,
    }).then(
      (loaded) => {
        setOriginal(loaded.text);
        setText(loaded.text);
      },
      (e) => {
        if (controller.signal.aborted) return;
        if (isSignedOut(e)) return onSignedOut();
        setLoadError(describeError(e, "file"));
      },
    );
    return () => controller.abort();
  }, [file.id, base.number, base.id, base.contentHash, tooLarge, onSignedOut]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving || !dirty) return;
    setSaving(true);
    setError(null);
    if (op.current?.text !== text) op.current = { text, opId: newOpId() };
    try {
      const result = await saveText(
        {
          fileId: file.id,
          parentId: file.parentId,
          name: file.name,
          baseVersionId: base.id,
          text,
          opId: op.current.opId,
        },
        engine && me ? { engine, userId: me.id } : undefined,
      );
      op.current = null;
      setOriginal(text);
      onSaved(result);
    } catch (e) {
      if (isSignedOut(e)) return onSignedOut();
      setError(describeError(e, "file"));
    } finally {
      setSaving(false);
    }
  }

  if (tooLarge) {
    return (
      <div className="notice" role="alert">
        <p>
          This file is {formatBytes(file.size)}: too large to edit in the browser (up to{" "}
          {formatBytes(TEXT_LIMIT)}).
        </p>
      </div>
    );
  }
  if (loadError) {
    return (
      <div className="notice" role="alert">
        <p>{loadError}</p>
      </div>
    );
  }
  if (original === null) return <p className="muted listing-placeholder">Loading…</p>;

  return (
    <form className="editor" onSubmit={save}>
      <div className="editor-bar">
        <p className="muted editor-status" aria-live="polite">
          Editing version {base.number}
          {dirty ? " · unsaved changes" : ""}
        </p>
        <div className="editor-actions">
          <button
            type="button"
            className="button subtle"
            onClick={() => {
              if (!dirty || window.confirm("Discard your changes?")) onCancel();
            }}
          >
            {dirty ? "Discard" : "Close"}
          </button>
          <button type="submit" className="button primary" disabled={saving || !dirty}>
            {saving ? "Saving…" : "Save"}
          </button>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <label htmlFor="editor-text" className="sr-only">
        Contents of {file.name}
      </label>
      <textarea
        ref={area}
        id="editor-text"
        className="editor-text"
        value={text}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
            e.preventDefault();
            void save();
          }
        }}
      />
    </form>
  );
}
