"use client";
/**
 * Settings → Apps: register a partner app (name, origins for the Chooser/Saver, OAuth redirect
 * URIs), see its app key (and a confidential app's secret, once), change or revoke it; and the
 * apps you allowed to use your Cairn (Connected apps).
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import type { AppFieldsFragment } from "../../__generated__/graphql";
import { useToast } from "../../components/toast";
import { describeError } from "../../lib/errors";
import { gql, isGraphQLRequestError } from "../../lib/gql";
import { ConnectedApps } from "./connected-apps";
import { AppsQuery, RegisterAppMutation, RevokeAppMutation, UpdateAppMutation } from "./operations";

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The server's own words for input it refused (they name the origin or URI at fault). */
function describeAppError(error: unknown): string {
  if (isGraphQLRequestError(error) && error.code === "BAD_INPUT") return error.message;
  return describeError(error, "item");
}

export function AppsView() {
  const [apps, setApps] = useState<AppFieldsFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; appKey: string; secret: string | null } | null>(
    null,
  );
  const [editing, setEditing] = useState<string | null>(null);
  const toast = useToast();

  const load = useCallback(() => {
    gql(AppsQuery).then(
      (data) => setApps(data.apps),
      (e: unknown) => setError(describeError(e, "item")),
    );
  }, []);
  useEffect(load, [load]);

  async function revoke(app: AppFieldsFragment) {
    if (!window.confirm(`Revoke “${app.name}”? Its Chooser, Saver, links and API access stop at once.`))
      return;
    try {
      await gql(RevokeAppMutation, { input: { id: app.id } });
      load();
      toast({ message: `“${app.name}” is revoked` });
    } catch (e) {
      toast({ tone: "error", message: describeError(e, "item") });
    }
  }

  return (
    <section className="settings" aria-labelledby="apps-title">
      <div className="drive-head">
        <h1 id="apps-title">Apps</h1>
      </div>
      <p className="muted page-hint">
        Register an app to let another site embed the Cairn Chooser and Saver, or call Cairn's API for the
        people who allow it. See “Embedding Cairn” in the README for the snippet.
      </p>
      <AppForm
        submitLabel="Register app"
        onSubmit={async (input) => {
          const { registerApp } = await gql(RegisterAppMutation, { input });
          setCreated({
            name: registerApp.app.name,
            appKey: registerApp.app.appKey,
            secret: registerApp.secret ?? null,
          });
          load();
        }}
      />
      {created && (
        <div className="notice" role="status">
          <p>
            <strong>{created.name}</strong> is registered. App key:{" "}
            <code className="code">{created.appKey}</code>
          </p>
          {created.secret && (
            <p>
              Client secret (shown this once, copy it now): <code className="code">{created.secret}</code>
            </p>
          )}
        </div>
      )}
      <h2 className="section-title">Your apps</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {apps?.length === 0 && <p className="muted">You haven't registered any apps.</p>}
      <ul className="app-list" aria-label="Your apps">
        {apps?.map((app) => (
          <li key={app.id} className="card app-card">
            <div className="app-card-head">
              <strong>{app.name}</strong>
              {app.revokedAt ? (
                <span className="badge">Revoked</span>
              ) : (
                <span className="badge">{app.confidential ? "Confidential" : "Public"}</span>
              )}
            </div>
            <p>
              App key: <code className="code">{app.appKey}</code>
            </p>
            <p className="muted">Origins: {app.origins.length ? app.origins.join(", ") : "none"}</p>
            <p className="muted">
              Redirect URIs: {app.redirectUris.length ? app.redirectUris.join(", ") : "none"}
            </p>
            {!app.revokedAt && editing !== app.id && (
              <div className="row-actions">
                <button type="button" className="button subtle" onClick={() => setEditing(app.id)}>
                  Edit
                </button>
                <button type="button" className="button subtle" onClick={() => revoke(app)}>
                  Revoke
                </button>
              </div>
            )}
            {editing === app.id && (
              <AppForm
                initial={app}
                submitLabel="Save changes"
                onCancel={() => setEditing(null)}
                onSubmit={async ({ name, origins, redirectUris }) => {
                  await gql(UpdateAppMutation, { input: { id: app.id, name, origins, redirectUris } });
                  setEditing(null);
                  load();
                }}
              />
            )}
          </li>
        ))}
      </ul>
      <ConnectedApps />
    </section>
  );
}

interface AppInput {
  name: string;
  origins: string[];
  redirectUris: string[];
  confidential: boolean;
}

function AppForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: AppFieldsFragment;
  submitLabel: string;
  onSubmit: (input: AppInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        name: String(data.get("name") ?? "").trim(),
        origins: lines(String(data.get("origins") ?? "")),
        redirectUris: lines(String(data.get("redirectUris") ?? "")),
        confidential: data.get("confidential") === "on",
      });
      if (!initial) form.reset();
    } catch (e) {
      setError(describeAppError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form app-form"
      onSubmit={submit}
      aria-label={initial ? `Edit ${initial.name}` : "Register an app"}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>App name</label>
        <input id={`${id}-name`} name="name" required maxLength={100} defaultValue={initial?.name} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-origins`}>Allowed origins (one per line)</label>
        <textarea
          id={`${id}-origins`}
          name="origins"
          rows={2}
          placeholder="https://mail.example.com"
          defaultValue={initial?.origins.join("\n")}
        />
        <p className="field-hint">
          Sites that may open the Chooser and Saver: scheme, host and port, no path.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-redirects`}>OAuth redirect URIs (one per line, optional)</label>
        <textarea
          id={`${id}-redirects`}
          name="redirectUris"
          rows={2}
          placeholder="https://mail.example.com/oauth/callback"
          defaultValue={initial?.redirectUris.join("\n")}
        />
      </div>
      {!initial && (
        <label className="checkbox-label">
          <input type="checkbox" name="confidential" /> Confidential client (a server that can keep a secret)
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-footer">
        {onCancel && (
          <button type="button" className="button subtle" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
