/**
 * An in-process signal that credentials were revoked (a personal access token, an app's grant, an
 * app, a session), so that the open WebSockets using them are checked again at once rather than at
 * their next periodic check (graphql/socket-upkeep.ts). Requests over HTTP need no signal: each
 * one resolves its credential afresh. Another server process learns of a revocation at its next
 * periodic check (CAIRN_SOCKET_RECHECK_MS, 30 s by default).
 *
 * Signal only after the revocation has committed: a check that runs earlier would still see the
 * credential alive.
 */
type Listener = (userId: string | null) => void;

const listeners = new Set<Listener>();

/** Calls `listener` on every revocation in this process; returns the unsubscribe function. */
export function onCredentialsRevoked(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Some credentials of `userId` were revoked; null: of anyone (an app revoked for all who granted it). */
export function credentialsRevoked(userId: string | null): void {
  for (const listener of listeners) listener(userId);
}
