"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { describeError } from "../lib/errors";
import { createFolder } from "./actions";
import { useEngine } from "./data/sync-provider";

/**
 * The inline "New folder" form. The folder goes into the local index and the outbox at once (it
 * shows, pending, even offline); the engine creates it on the server with its opId. A name that
 * breaks a rule or is already taken here is refused in the form.
 */
export function NewFolderForm({
  id,
  parentId,
  onCreated,
  onCancel,
}: {
  id: string;
  parentId: string;
  onCreated: (name: string) => void;
  onCancel: () => void;
}) {
  const engine = useEngine();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    input.current?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!name.trim()) {
      setError("Enter a name for the folder.");
      input.current?.focus();
      return;
    }
    if (!engine) return;
    setSubmitting(true);
    setError(null);
    try {
      await createFolder(engine, parentId, name);
      onCreated(name.normalize("NFC"));
    } catch (e) {
      setError(describeError(e));
      setSubmitting(false);
      input.current?.focus();
    }
  }

  return (
    <form
      id={id}
      className="new-folder"
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <label htmlFor={`${id}-name`}>Folder name</label>
      <div className="new-folder-row">
        <input
          ref={input}
          id={`${id}-name`}
          name="name"
          type="text"
          autoComplete="off"
          value={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
        />
        <button className="button primary" type="submit" disabled={submitting}>
          {submitting ? "Creating…" : "Create"}
        </button>
        <button className="button subtle" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
