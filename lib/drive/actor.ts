import type { OAuthScope } from "./oauth";

/** Who is asking: resolved once per request (session cookie, token or link) by lib/auth. */
export interface Actor {
  /** The user's id; for a link holder `link:<link id>` (it owns nothing and uploads nothing). */
  userId: string;
  email: string;
  name: string;
  /** The user's home namespace; empty for a link holder. */
  homeNamespaceId: string;
  /**
   * How the request was authenticated: a cookie session (subject to the CSRF origin check), a
   * personal access token, a partner app's OAuth access token, or a public link.
   */
  via: "session" | "token" | "oauth" | "link";
  /**
   * For an OAuth token only: what the person allowed the app to do. Undefined means no limit
   * beyond the person's own access (sessions and personal access tokens).
   */
  scopes?: ReadonlySet<OAuthScope>;
  /** For an OAuth token: the app (`apps.id`) it was issued to. */
  appId?: string;
  /** Set for a public link holder: they may read this node and what is below it, nothing else. */
  link?: LinkScope;
}

export interface LinkScope {
  id: string;
  namespaceId: string;
  nodeId: string;
}

/** Whether the actor is a signed-in user (not a link holder). */
export function isUser(actor: Actor): boolean {
  return actor.link === undefined;
}
