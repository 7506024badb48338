/** Who is asking: resolved once per request (session cookie, access token or link) by lib/auth. */
export interface Actor {
  /** The user's id; for a link holder `link:<link id>` (it owns nothing and uploads nothing). */
  userId: string;
  email: string;
  name: string;
  /** The user's home namespace; empty for a link holder. */
  homeNamespaceId: string;
  /** How the request was authenticated; cookie sessions are subject to the CSRF origin check. */
  via: "session" | "token" | "link";
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
