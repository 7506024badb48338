"use client";

import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import type { LinkNodeFragment } from "../__generated__/graphql";
import { LockIcon } from "../components/icons";
import { Logo } from "../components/logo";
import { LinkFolderQuery, PublicLinkQuery } from "../drive/sharing/operations";
import { retryAfterText } from "../drive/sharing/share-errors";
import type { LinkAccess } from "../lib/content-url";
import { describeError } from "../lib/errors";
import { gqlWith, isGraphQLRequestError } from "../lib/gql";
import { type LinkFile, LinkFileView, linkHeaders } from "./link-file";
import { LinkFolder } from "./link-folder";

type State =
  | { kind: "opening" }
  | { kind: "gone" }
  | { kind: "password"; error: string | null }
  | { kind: "failed"; message: string }
  | { kind: "open"; node: LinkNodeFragment; access: LinkAccess };

/** A grant lasts an hour: kept for this tab so that a reload does not ask the password again. */
const grantKey = (token: string) => `cairn.link.${token}`;

function storedGrant(token: string): { grant: string; nodeId: string } | null {
  try {
    const raw = sessionStorage.getItem(grantKey(token));
    return raw ? (JSON.parse(raw) as { grant: string; nodeId: string }) : null;
  } catch {
    return null;
  }
}

function storeGrant(token: string, grant: string | null | undefined, nodeId: string) {
  try {
    if (grant) sessionStorage.setItem(grantKey(token), JSON.stringify({ grant, nodeId }));
  } catch {
    // Storage refused (private mode): the password is asked again after a reload.
  }
}

/** The link page: opens the link, asks for its password when it has one, then shows the item. */
export function LinkView({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: "opening" });

  const open = useCallback(
    async (password?: string) => {
      try {
        const data = await gqlWith(PublicLinkQuery, { token, password: password ?? null }, {});
        const link = data.publicLink;
        if (link.node) {
          storeGrant(token, link.grant, link.node.id);
          setState({ kind: "open", node: link.node, access: { token, grant: link.grant ?? null } });
        } else if (link.passwordRequired) {
          setState({ kind: "password", error: password === undefined ? null : "Wrong password" });
        } else {
          setState({ kind: "gone" });
        }
      } catch (error) {
        if (isGraphQLRequestError(error) && error.code === "NOT_FOUND") return setState({ kind: "gone" });
        if (isGraphQLRequestError(error) && error.code === "RATE_LIMITED")
          return setState({ kind: "password", error: retryAfterText(error) });
        // A wrong password (the server says FORBIDDEN, reason "password").
        if (isGraphQLRequestError(error) && error.code === "FORBIDDEN" && password !== undefined)
          return setState({ kind: "password", error: "Wrong password" });
        setState({ kind: "failed", message: describeError(error, "item") });
      }
    },
    [token],
  );

  useEffect(() => {
    let cancelled = false;
    const kept = storedGrant(token);
    if (!kept) {
      void open();
      return;
    }
    // Reopen with the grant this tab got from the password, if it still works.
    const access = { token, grant: kept.grant };
    gqlWith(LinkFolderQuery, { id: kept.nodeId, first: 1 }, { headers: linkHeaders(access) }).then(
      (data) => {
        if (cancelled) return;
        if (data.node) setState({ kind: "open", node: data.node, access });
        else void open();
      },
      () => {
        if (!cancelled) void open();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, open]);

  useEffect(() => {
    document.title =
      state.kind === "open"
        ? `${state.node.name} · Cairn`
        : state.kind === "gone"
          ? "Link not found · Cairn"
          : "Shared link · Cairn";
  }, [state]);

  return (
    <div className="link-page">
      <header className="topbar">
        <div className="topbar-inner">
          <span className="topbar-brand">
            <Logo />
          </span>
          <span className="muted link-page-label">Shared with you through a link</span>
        </div>
      </header>
      <main className="link-main" aria-busy={state.kind === "opening"}>
        {state.kind === "opening" && <p className="muted listing-placeholder">Opening the link…</p>}
        {state.kind === "gone" && (
          <section className="card link-card" aria-labelledby="link-gone">
            <h1 id="link-gone">This link doesn't exist or has expired</h1>
            <p className="muted">
              It may have been revoked by the person who shared it, or its expiry date has passed. Ask them
              for a new link.
            </p>
          </section>
        )}
        {state.kind === "failed" && (
          <section className="card link-card" aria-labelledby="link-failed">
            <h1 id="link-failed">The link couldn't be opened</h1>
            <div className="notice" role="alert">
              <p>{state.message}</p>
            </div>
            <button type="button" className="button" onClick={() => void open()}>
              Try again
            </button>
          </section>
        )}
        {state.kind === "password" && (
          <PasswordForm error={state.error} onSubmit={(password) => open(password)} />
        )}
        {state.kind === "open" &&
          (state.node.__typename === "File" ? (
            <LinkFileView file={state.node as LinkFile} access={state.access} />
          ) : (
            <LinkFolder root={state.node} access={state.access} />
          ))}
      </main>
    </div>
  );
}

function PasswordForm({
  error,
  onSubmit,
}: {
  error: string | null;
  onSubmit: (password: string) => Promise<void>;
}) {
  const ids = { input: useId(), error: useId() };
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState("");
  const [checking, setChecking] = useState(false);
  const [missing, setMissing] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again whenever a new error shows
  useEffect(() => {
    input.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (checking) return;
    if (!password) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setChecking(true);
    await onSubmit(password);
    setChecking(false);
  }

  const message = missing ? "Enter the password." : error;
  return (
    <section className="card link-card" aria-labelledby="link-password">
      <div className="link-lock">
        <LockIcon />
      </div>
      <h1 id="link-password">This link is protected</h1>
      <p className="muted">Enter the password you were given with the link.</p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.input}>Password</label>
          <input
            ref={input}
            id={ids.input}
            type="password"
            autoComplete="off"
            value={password}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? ids.error : undefined}
            onChange={(event) => {
              setPassword(event.target.value);
              setMissing(false);
            }}
          />
          {message && (
            <p id={ids.error} className="field-error" role="alert">
              {message}
            </p>
          )}
        </div>
        <button type="submit" className="button primary block" disabled={checking}>
          {checking ? "Opening…" : "Open"}
        </button>
      </form>
    </section>
  );
}
