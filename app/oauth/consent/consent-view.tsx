"use client";
/**
 * The consent screen: names the app, says what it asks for and where you will be sent, and sends
 * your answer with the signed authorization request (`oauth_query`) to the authorization server,
 * which answers with where to go next (the app's redirect URI, with a code or `access_denied`).
 */
import { useEffect, useState } from "react";
import { useMe } from "../../lib/use-session";
import { describeScopes } from "./scopes";

type Answer = "allow" | "deny";

export function ConsentView() {
  const [search] = useState(() => window.location.search);
  const params = new URLSearchParams(search);
  const clientId = params.get("client_id") ?? "";
  const scopes = describeScopes(params.get("scope"));
  const redirectHost = hostOf(params.get("redirect_uri"));
  const me = useMe();
  const [appName, setAppName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<Answer | null>(null);

  useEffect(() => {
    if (!clientId) {
      setError("This page was opened without an app's request. Go back to the app and try again.");
      return;
    }
    fetch(`/api/auth/oauth2/public-client?client_id=${encodeURIComponent(clientId)}`, {
      credentials: "same-origin",
    }).then(
      async (res) => {
        if (!res.ok) {
          setError("This app isn't registered with Cairn any more, or its request has expired.");
          return;
        }
        const client = (await res.json()) as { client_name?: string };
        setAppName(client.client_name || "An app");
      },
      () => setError("Cairn can't be reached right now. Check your connection and try again."),
    );
  }, [clientId]);

  async function answer(choice: Answer) {
    setSending(choice);
    setError(null);
    try {
      const res = await fetch("/api/auth/oauth2/consent", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accept: choice === "allow", oauth_query: search.slice(1) }),
      });
      const body = (await res.json().catch(() => ({}))) as { url?: string };
      if (!res.ok || !body.url) {
        setError("This request has expired or was already answered. Go back to the app and start again.");
        setSending(null);
        return;
      }
      window.location.assign(body.url);
    } catch {
      setError("Cairn can't be reached right now. Check your connection and try again.");
      setSending(null);
    }
  }

  if (error) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  if (!appName) return <p className="muted">Loading…</p>;
  return (
    <div className="consent">
      <p>
        <strong>{appName}</strong> wants to:
      </p>
      <ul className="consent-scopes" aria-label="What the app asks for">
        {scopes.map((s) => (
          <li key={s.scope}>
            {s.words} <span className="muted">({s.scope})</span>
          </li>
        ))}
      </ul>
      {me && (
        <p className="muted">
          Signed in as <strong>{me.email}</strong>.
        </p>
      )}
      {redirectHost && (
        <p className="muted">
          Afterwards you'll go back to <strong>{redirectHost}</strong>. You can remove this access at any time
          in Apps → Connected apps.
        </p>
      )}
      <div className="form-footer">
        <button
          type="button"
          className="button subtle"
          disabled={sending !== null}
          onClick={() => answer("deny")}
        >
          {sending === "deny" ? "Declining…" : "Decline"}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={sending !== null}
          onClick={() => answer("allow")}
        >
          {sending === "allow" ? "Allowing…" : "Allow"}
        </button>
      </div>
    </div>
  );
}

function hostOf(uri: string | null): string | null {
  if (!uri) return null;
  try {
    return new URL(uri).host;
  } catch {
    return null;
  }
}
