"use client";
/**
 * Settings → Apps → Connected apps: the apps you allowed to use your Cairn through OAuth, what
 * each may do, and a way to remove one (its tokens stop working at once; docs/oauth.md).
 */
import { useCallback, useEffect, useState } from "react";
import type { SettingsGrantedAppsQuery } from "../../__generated__/graphql";
import { useToast } from "../../components/toast";
import { describeError } from "../../lib/errors";
import { formatModified } from "../../lib/format";
import { gql } from "../../lib/gql";
import { SCOPE_WORDS } from "../../oauth/consent/scopes";
import { GrantedAppsQuery, RevokeAppGrantMutation } from "./operations";

type Grant = SettingsGrantedAppsQuery["grantedApps"][number];

export function ConnectedApps() {
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const load = useCallback(() => {
    gql(GrantedAppsQuery).then(
      (data) => setGrants(data.grantedApps),
      (e: unknown) => setError(describeError(e, "item")),
    );
  }, []);
  useEffect(load, [load]);

  async function remove(grant: Grant) {
    if (!window.confirm(`Remove “${grant.appName}”? It loses access to your Cairn at once.`)) return;
    try {
      await gql(RevokeAppGrantMutation, { input: { id: grant.id } });
      load();
      toast({ message: `“${grant.appName}” no longer has access` });
    } catch (e) {
      toast({ tone: "error", message: describeError(e, "item") });
    }
  }

  return (
    <section aria-labelledby="connected-title">
      <h2 id="connected-title" className="section-title">
        Connected apps
      </h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {grants?.length === 0 && <p className="muted">No app has access to your Cairn.</p>}
      <ul className="app-list" aria-label="Connected apps">
        {grants?.map((grant) => (
          <li key={grant.id} className="card app-card">
            <div className="app-card-head">
              <strong>{grant.appName}</strong>
              <span className="muted">allowed {formatModified(grant.grantedAt).label}</span>
            </div>
            <ul className="consent-scopes">
              {grant.scopes.map((scope) => (
                <li key={scope}>{SCOPE_WORDS[scope] ?? scope}</li>
              ))}
              {grant.offline && <li>{SCOPE_WORDS.offline_access}</li>}
            </ul>
            <div className="row-actions">
              <button type="button" className="button subtle" onClick={() => remove(grant)}>
                Remove access
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
