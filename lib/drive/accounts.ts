/**
 * Per-user drive state: the home namespace (created with its root folder when the account is),
 * and personal access tokens for scripts (`Authorization: Bearer cairn_pat_...`). A token's secret
 * is shown once; only its SHA-256 is stored (it is 256 random bits, so a fast hash is right here;
 * passwords are a different matter and are left to better-auth).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { accessTokens, namespaces, nodes, users } from "@/db/schema";
import { isUuid } from "./access";
import type { Actor } from "./actor";
import { DriveError, notFound } from "./errors";
import { appendJournal } from "./journal";
import { toSnapshot } from "./snapshot";
import { sqlState, UNIQUE_VIOLATION } from "./sql";

/** Returns the user's home namespace id, creating it (and its root folder) on first call. */
export async function ensureHome(db: Db, userId: string): Promise<string> {
  const existing = await homeNamespaceId(db, userId);
  if (existing) return existing;
  try {
    return await db.transaction(async (tx) => {
      const nsId = randomUUID();
      const rootId = randomUUID();
      await tx.insert(namespaces).values({ id: nsId, kind: "home", ownerId: userId, rootNodeId: rootId });
      const [root] = await tx
        .insert(nodes)
        .values({ id: rootId, namespaceId: nsId, parentId: null, name: "", nameKey: "", kind: "folder" })
        .returning();
      await appendJournal(tx as unknown as Db, nsId, userId, [
        { nodeId: rootId, op: "CREATE", snapshot: toSnapshot(root!, "/") },
      ]);
      return nsId;
    });
  } catch (error) {
    // Two first requests raced: the other one created it.
    if (sqlState(error) === UNIQUE_VIOLATION) {
      const raced = await homeNamespaceId(db, userId);
      if (raced) return raced;
    }
    throw error;
  }
}

async function homeNamespaceId(db: Db, userId: string): Promise<string | undefined> {
  const [ns] = await db
    .select({ id: namespaces.id })
    .from(namespaces)
    .where(and(eq(namespaces.ownerId, userId), eq(namespaces.kind, "home")));
  return ns?.id;
}

/** Builds the Actor for an authenticated user id. */
export async function actorFor(db: Db, userId: string, via: Actor["via"]): Promise<Actor | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  return { userId, email: user.email, name: user.name, homeNamespaceId: await ensureHome(db, userId), via };
}

// ---------------------------------------------------------------------------------------------
// Personal access tokens

export const TOKEN_PREFIX = "cairn_pat_";
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface AccessTokenInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export async function createAccessToken(
  db: Db,
  actor: Actor,
  input: { name: string; expiresInDays?: number | null },
): Promise<{ token: string; info: AccessTokenInfo }> {
  if (actor.via !== "session") {
    throw new DriveError("FORBIDDEN", "access tokens can only be created from a signed-in session");
  }
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (name.length === 0 || name.length > 100)
    throw new DriveError("BAD_INPUT", "a token needs a name of 1-100 characters");
  const days = input.expiresInDays;
  if (days !== null && days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
    throw new DriveError("BAD_INPUT", "expiresInDays must be between 1 and 3650");
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(accessTokens)
    .values({
      id: randomUUID(),
      userId: actor.userId,
      name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
    })
    .returning();
  return { token, info: toInfo(row!) };
}

function toInfo(row: typeof accessTokens.$inferSelect): AccessTokenInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
  };
}

export async function listAccessTokens(db: Db, actor: Actor): Promise<AccessTokenInfo[]> {
  const found = await db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, actor.userId), isNull(accessTokens.revokedAt)))
    .orderBy(desc(accessTokens.createdAt));
  return found.map(toInfo);
}

export async function revokeAccessToken(db: Db, actor: Actor, id: string): Promise<AccessTokenInfo> {
  if (!isUuid(id)) throw notFound("token");
  const [row] = await db
    .update(accessTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(accessTokens.id, id), eq(accessTokens.userId, actor.userId), isNull(accessTokens.revokedAt)),
    )
    .returning();
  if (!row) throw notFound("token");
  return toInfo(row);
}

/** The user id a bearer token stands for, or undefined if it is unknown, revoked or expired. */
export async function userIdForToken(db: Db, token: string): Promise<string | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const [row] = await db
    .select()
    .from(accessTokens)
    .where(eq(accessTokens.tokenHash, hashToken(token)));
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(accessTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(accessTokens.id, row.id));
  }
  return row.userId;
}
