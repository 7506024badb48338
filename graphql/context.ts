/** Per-request GraphQL context: the services and the authenticated actor (or null). */
import type { Db } from "@/db";
import { type Actor, DriveError } from "@/lib/drive";

export interface Context {
  db: Db;
  actor: Actor | null;
  /** Per-request cache of folder paths by id, so listing a folder computes its path once. */
  pathCache: Map<string, Promise<string>>;
}

export function createContext(db: Db, actor: Actor | null): Context {
  return { db, actor, pathCache: new Map() };
}

/** The actor, or UNAUTHENTICATED. */
export function requireActor(ctx: Context): Actor {
  if (!ctx.actor) throw new DriveError("UNAUTHENTICATED", "sign in, or send a valid access token");
  return ctx.actor;
}
