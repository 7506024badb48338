/**
 * Upkeep of the open GraphQL WebSockets with one timer for all of them, never one per socket
 * (with thousands of devices connected, per-socket intervals were thousands of timers and, for
 * credentials, bursts of thousands of identical database queries):
 *
 * - keep-alive: every `keepAliveMs` each socket is pinged (counted from when it opened, so that
 *   sockets are not all pinged at once); one that has not answered the previous ping by then is
 *   terminated (graphql-ws's own adapter keeps a timer per socket for this);
 * - credentials: each distinct credential (bearer token, session cookie or link grant) is checked
 *   again once per `recheckMs` however many sockets share it, and every socket that uses it is
 *   closed with 4401 when it no longer names anyone (signed out, expired, token revoked). A check
 *   that fails for another reason (the database is down) closes nothing. A revocation made in
 *   this process (lib/drive/revocations.ts) makes the credentials it may concern due at once, so
 *   their sockets close right away rather than at the next periodic check.
 */
import type { WebSocket } from "ws";
import { type Actor, onCredentialsRevoked } from "@/lib/drive";

export interface SocketUpkeepOptions {
  keepAliveMs: number;
  recheckMs: number;
  /** The actor the headers name now, null when none (an error means: could not tell). */
  resolve(headers: Headers): Promise<Actor | null>;
}

interface Credential {
  headers: Headers;
  sockets: Set<WebSocket>;
  /** Who the credential named when its first socket opened. */
  userId: string;
  /** When the credential is due for its next check (ms since the epoch). */
  due: number;
  checking: boolean;
  /** A revocation came while it was being checked: check it again right after. */
  again: boolean;
}

/** The parts of the headers that decide who a socket acts for (see lib/auth resolveActor). */
export function credentialKey(headers: Headers): string {
  return JSON.stringify([
    headers.get("x-cairn-link"),
    headers.get("x-cairn-link-grant"),
    headers.get("authorization"),
    headers.get("authorization") ? null : headers.get("cookie"),
  ]);
}

export class SocketUpkeep {
  private readonly credentials = new Map<string, Credential>();
  /** Sockets that have not answered the last ping. */
  private readonly unanswered = new WeakSet<WebSocket>();
  /** Open sockets and when each is due for its next ping, in the order they fall due. */
  private readonly sockets = new Map<WebSocket, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stopListening: () => void;
  private recheckQueued = false;

  constructor(private readonly options: SocketUpkeepOptions) {
    // Both run in small steps: sockets opened at different times fall due at different times,
    // and are pinged and checked then, not all in one burst (which would hold up deliveries).
    if (options.keepAliveMs > 0 && Number.isFinite(options.keepAliveMs)) {
      const step = Math.max(10, Math.min(1000, options.keepAliveMs / 8));
      this.timers.push(setInterval(() => this.ping(), step));
    }
    const step = Math.max(10, Math.min(1000, options.recheckMs / 4));
    this.timers.push(setInterval(() => this.recheck(), step));
    for (const timer of this.timers) timer.unref();
    this.stopListening = onCredentialsRevoked((userId) => this.recheckNow(userId));
  }

  /** Makes the credentials of `userId` (null: all) due now and checks them on the next turn. */
  recheckNow(userId: string | null): void {
    for (const credential of this.credentials.values()) {
      if (userId !== null && credential.userId !== userId) continue;
      if (credential.checking) credential.again = true;
      else credential.due = 0;
    }
    this.queueRecheck();
  }

  private queueRecheck(): void {
    if (this.recheckQueued) return;
    this.recheckQueued = true;
    setImmediate(() => {
      this.recheckQueued = false;
      this.recheck();
    });
  }

  /** Pings the socket every `keepAliveMs`, and terminates it when it stops answering. */
  keepAlive(socket: WebSocket): void {
    this.sockets.set(socket, Date.now() + this.options.keepAliveMs);
    socket.on("pong", () => this.unanswered.delete(socket));
    socket.once("close", () => this.sockets.delete(socket));
  }

  /** Closes the socket with 4401 once `headers` (which named `userId` when it opened) no longer name anyone. */
  watchCredentials(socket: WebSocket, headers: Headers, userId: string): void {
    const key = credentialKey(headers);
    let credential = this.credentials.get(key);
    if (!credential) {
      credential = {
        headers,
        sockets: new Set(),
        userId,
        due: Date.now() + this.options.recheckMs,
        checking: false,
        again: false,
      };
      this.credentials.set(key, credential);
    }
    credential.sockets.add(socket);
    socket.once("close", () => {
      const current = this.credentials.get(key);
      current?.sockets.delete(socket);
      if (current?.sockets.size === 0) this.credentials.delete(key);
    });
  }

  stop(): void {
    this.stopListening();
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  private ping(): void {
    const now = Date.now();
    for (const [socket, due] of this.sockets) {
      // Due times only grow along the map (a socket pinged moves to its end): stop at the first
      // one not due yet.
      if (due > now) break;
      this.sockets.delete(socket);
      if (socket.readyState !== socket.OPEN) continue;
      if (this.unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      this.sockets.set(socket, now + this.options.keepAliveMs);
      this.unanswered.add(socket);
      socket.ping();
    }
  }

  private recheck(): void {
    const now = Date.now();
    for (const [key, credential] of this.credentials) {
      if (credential.checking || credential.due > now) continue;
      credential.checking = true;
      this.options
        .resolve(credential.headers)
        .then(
          (actor) => {
            if (actor !== null) return;
            for (const socket of credential.sockets) socket.close(4401, "Unauthorized");
            this.credentials.delete(key);
          },
          () => {},
        )
        .finally(() => {
          credential.checking = false;
          credential.due = Date.now() + this.options.recheckMs;
          if (credential.again) {
            credential.again = false;
            credential.due = 0;
            this.queueRecheck();
          }
        });
    }
  }
}
