"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { describeError } from "../lib/errors";
import { gql, isGraphQLRequestError } from "../lib/gql";
import { newOpId } from "../lib/op-id";
import { CreateFolderMutation } from "./operations";

/**
 * The inline "New folder" form. One opId per name typed: resubmitting the same name after a
 * network failure replays the same operation (created once), a new name is a new operation.
 */
export function NewFolderForm({
  id,
  parentId,
  onCreated,
  onCancel,
  onUnauthenticated,
}: {
  id: string;
  parentId: string;
  onCreated: (name: string) => void;
  onCancel: () => void;
  onUnauthenticated: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const opId = useRef(newOpId());
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
    setSubmitting(true);
    setError(null);
    try {
      const data = await gql(CreateFolderMutation, { input: { parentId, name, opId: opId.current } });
      onCreated(data.createFolder.node.name);
    } catch (e) {
      if (isGraphQLRequestError(e) && e.code === "UNAUTHENTICATED") return onUnauthenticated();
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
            opId.current = newOpId();
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
