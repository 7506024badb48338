"use client";

import { type FormEvent, useId, useRef, useState } from "react";
import type { LinkRowFragment } from "../../__generated__/graphql";
import { CheckIcon, CopyIcon, LinkIcon } from "../../components/icons";
import { formatModified } from "../../lib/format";
import { gql } from "../../lib/gql";
import { isSignedOut } from "../../lib/use-session";
import { endOfDay, localDate } from "./link-dates";
import { CreateLinkMutation, RevokeLinkMutation } from "./operations";
import { describeShareError } from "./share-errors";

function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Copies text; falls back to selecting it in `input` and the old command when the API is refused. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select();
    return document.execCommand?.("copy") ?? false;
  }
}

/**
 * Public links to an item: create one (optional password, optional expiry), copy its URL right
 * after creating it (the token is shown once), and see and revoke the existing ones.
 */
export function LinksSection({
  nodeId,
  links,
  onChange,
  onSignedOut,
}: {
  nodeId: string;
  links: readonly LinkRowFragment[];
  onChange: (links: LinkRowFragment[]) => void;
  onSignedOut: () => void;
}) {
  const ids = { password: useId(), expiry: useId(), error: useId(), heading: useId(), hint: useId() };
  const urlInput = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState("");
  const [expiry, setExpiry] = useState("");
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ url: string; id: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const now = new Date();
  const today = localDate(now);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (creating) return;
    if (password && (password.length < 8 || password.length > 256)) {
      setError("A password needs 8 to 256 characters.");
      return;
    }
    const expiresAt = expiry ? endOfDay(expiry) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      setError("The expiry date must be today or later.");
      return;
    }
    setCreating(true);
    setError(null);
    try {
      const data = await gql(CreateLinkMutation, {
        input: {
          nodeId,
          ...(password ? { password } : {}),
          ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
        },
      });
      const made = data.createLink;
      // The server gives the full URL when it knows its public origin; else a path on this one.
      setCreated({ url: new URL(made.url || `/s/${made.token}`, location.origin).href, id: made.link.id });
      setCopied(false);
      setPassword("");
      setExpiry("");
      onChange([made.link, ...links.filter((l) => l.id !== made.link.id)]);
      setStatus("Link created. Copy it now: it is shown only once.");
      requestAnimationFrame(() => urlInput.current?.select());
    } catch (e) {
      if (isSignedOut(e)) return onSignedOut();
      setError(describeShareError(e, "link"));
    } finally {
      setCreating(false);
    }
  }

  async function copy() {
    if (!created) return;
    const ok = await copyText(created.url, urlInput.current);
    setCopied(ok);
    setStatus(ok ? "Link copied" : "Select the link and copy it");
  }

  async function revoke(link: LinkRowFragment) {
    setBusy(link.id);
    setError(null);
    try {
      await gql(RevokeLinkMutation, { input: { id: link.id } });
      onChange(links.filter((l) => l.id !== link.id));
      if (created?.id === link.id) setCreated(null);
      setStatus("Link revoked: it opens nothing from now on");
    } catch (e) {
      if (isSignedOut(e)) return onSignedOut();
      setError(describeShareError(e, "revoke"));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="share-section" aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="share-section-title">
        Public links
      </h3>
      <p id={ids.hint} className="muted share-hint">
        Anyone with the link can view and download, without signing in.
      </p>
      <form className="share-link-form" onSubmit={create} noValidate aria-describedby={ids.hint}>
        <div className="field">
          <label htmlFor={ids.password}>Password (optional)</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="new-password"
            minLength={8}
            maxLength={256}
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.expiry}>Expires on (optional)</label>
          <input
            id={ids.expiry}
            type="date"
            className="date-input"
            min={today}
            value={expiry}
            onChange={(event) => {
              setExpiry(event.target.value);
              setError(null);
            }}
          />
        </div>
        <button type="submit" className="button" disabled={creating}>
          <LinkIcon />
          {creating ? "Creating…" : "Create link"}
        </button>
      </form>
      {error && (
        <p id={ids.error} className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" role="status">
        {status}
      </p>
      {created && (
        <div className="share-created">
          <label htmlFor={`${ids.heading}-url`}>New link (shown only once: copy it now)</label>
          <div className="share-created-row">
            <input
              ref={urlInput}
              id={`${ids.heading}-url`}
              type="text"
              readOnly
              value={created.url}
              onFocus={(event) => event.currentTarget.select()}
            />
            <button type="button" className="button primary" onClick={() => void copy()}>
              {copied ? <CheckIcon /> : <CopyIcon />}
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
      {links.length > 0 && (
        <ul className="share-links" aria-label="Links">
          {links.map((link) => {
            const made = formatModified(link.createdAt, now);
            const expired =
              link.expiresAt !== null && link.expiresAt !== undefined && new Date(link.expiresAt) < now;
            return (
              <li key={link.id} className="share-link" data-id={link.id}>
                <span className="share-link-info">
                  <span>
                    Created <time dateTime={link.createdAt}>{made.label}</time> by{" "}
                    {link.createdBy.name || link.createdBy.email}
                  </span>
                  <span className="muted">
                    {link.hasPassword ? "Password" : "No password"} ·{" "}
                    {link.expiresAt
                      ? `${expired ? "Expired" : "Expires"} ${formatDate(link.expiresAt)}`
                      : "No expiry"}
                  </span>
                </span>
                <button
                  type="button"
                  className="button subtle danger"
                  aria-label={`Revoke link created ${made.label}`}
                  disabled={busy === link.id}
                  onClick={() => void revoke(link)}
                >
                  Revoke
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
