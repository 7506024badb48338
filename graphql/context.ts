/** Per-request GraphQL context: the services and the authenticated actor (or null). */
import type { Db } from "@/db";
import { type Actor, DriveError } from "@/lib/drive";

export interface Context {
  db: Db;
  actor: Actor | null;
  /** Per-request cache of folder paths by id, so listing a folder computes its path once. */
  pathCache: Map<string, Promise<string>>;
  /** This server's public origin as the client reached it (for links handed out), when known. */
  origin?: string | undefined;
  /** For signing Chooser direct links (the server's secret and how long links last). */
  linkSigning?: { secret: string; ttlSeconds: number } | undefined;
}

export function createContext(
  db: Db,
  actor: Actor | null,
  origin?: string,
  linkSigning?: Context["linkSigning"],
): Context {
  return { db, actor, pathCache: new Map(), origin, linkSigning };
}

/** The signed-in user, or UNAUTHENTICATED (also for a link holder: a link opens its item only). */
export function requireActor(ctx: Context): Actor {
  if (!ctx.actor || ctx.actor.link) {
    throw new DriveError("UNAUTHENTICATED", "sign in, or send a valid access token");
  }
  return ctx.actor;
}

/** Whoever may read nodes: a signed-in user, or a link holder (lib/drive limits them to the link's item). */
export function requireReader(ctx: Context): Actor {
  if (!ctx.actor) throw new DriveError("UNAUTHENTICATED", "sign in, or send a valid access token");
  return ctx.actor;
}
