/** Who is asking: resolved once per request (session cookie or access token) by lib/auth. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  homeNamespaceId: string;
  /** How the request was authenticated; cookie sessions are subject to the CSRF origin check. */
  via: "session" | "token";
}
