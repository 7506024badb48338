/**
 * Per-user drive state: the home namespace (created with its root folder when the account is),
 * and personal access tokens for scripts (`Authorization: Bearer cairn_pat_...`). A token's secret
 * is shown once; only its SHA-256 is stored (it is 256 random bits, so a fast hash is right here;
 * passwords are a different matter and are left to better-auth).
 *
 * Every request authenticates, so the two lookups it needs are cached in this process for
 * AUTH_CACHE_TTL_MS (5 s, bounded in size): bearer token → user id, and user id → Actor. Revoking
 * a token drops it from this node's cache at once; another node keeps accepting it for at most
 * the TTL (and an open socket is re-checked on its own timer). A token's expiry is checked on
 * every request, cached or not. Unknown or revoked tokens are never cached.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { accessTokens, namespaces, nodes, users } from "@/db/schema";
import { isUuid } from "./access";
import type { Actor } from "./actor";
import { DriveError, notFound } from "./errors";
import { appendJournal } from "./journal";
import { credentialsRevoked } from "./revocations";
import { toSnapshot } from "./snapshot";
import { sqlState, UNIQUE_VIOLATION } from "./sql";

/** How long one node trusts a resolved token or user without asking the database again. */
export const AUTH_CACHE_TTL_MS = 5_000;
const AUTH_CACHE_MAX_ENTRIES = 10_000;

/** A small map whose entries expire; when full, the oldest entry makes room. */
class TtlCache<K, V> {
  readonly #entries = new Map<K, { value: V; until: number }>();
  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, until: now + this.ttlMs });
  }

  deleteWhere(match: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.#entries) if (match(entry.value, key)) this.#entries.delete(key);
  }
}

/** Keyed by the token's SHA-256 (never the secret itself). */
const tokenCache = new TtlCache<string, { tokenId: string; userId: string; expiresAt: number | null }>(
  AUTH_CACHE_TTL_MS,
  AUTH_CACHE_MAX_ENTRIES,
);
/** Bumped by every revocation, so a lookup that raced with one does not cache what it read. */
let revocations = 0;
/** Keyed by user id: what an Actor is made of, apart from how the request authenticated. */
const actorCache = new TtlCache<string, Omit<Actor, "via">>(AUTH_CACHE_TTL_MS, AUTH_CACHE_MAX_ENTRIES);

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

/** Builds the Actor for an authenticated user id (cached briefly, see AUTH_CACHE_TTL_MS). */
export async function actorFor(db: Db, userId: string, via: Actor["via"]): Promise<Actor | undefined> {
  const cached = actorCache.get(userId);
  if (cached) return { ...cached, via };
  const [user] = await db
    .select({ email: users.email, name: users.name, homeId: namespaces.id })
    .from(users)
    .leftJoin(namespaces, and(eq(namespaces.ownerId, users.id), eq(namespaces.kind, "home")))
    .where(eq(users.id, userId));
  if (!user) return undefined;
  const actor = {
    userId,
    email: user.email,
    name: user.name,
    homeNamespaceId: user.homeId ?? (await ensureHome(db, userId)),
  };
  actorCache.set(userId, actor);
  return { ...actor, via };
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

/** Personal access tokens are the person's own business: not a partner app's, nor a link holder's. */
function requirePerson(actor: Actor): void {
  if (actor.via === "oauth" || actor.link) {
    throw new DriveError("FORBIDDEN", "access tokens can only be managed by their owner, not an app");
  }
}

export async function listAccessTokens(db: Db, actor: Actor): Promise<AccessTokenInfo[]> {
  requirePerson(actor);
  const found = await db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, actor.userId), isNull(accessTokens.revokedAt)))
    .orderBy(desc(accessTokens.createdAt));
  return found.map(toInfo);
}

export async function revokeAccessToken(db: Db, actor: Actor, id: string): Promise<AccessTokenInfo> {
  requirePerson(actor);
  if (!isUuid(id)) throw notFound("token");
  const [row] = await db
    .update(accessTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(accessTokens.id, id), eq(accessTokens.userId, actor.userId), isNull(accessTokens.revokedAt)),
    )
    .returning();
  if (!row) throw notFound("token");
  revocations++;
  tokenCache.deleteWhere((t) => t.tokenId === row.id);
  credentialsRevoked(actor.userId);
  return toInfo(row);
}

/**
 * The user id a bearer token stands for, or undefined if it is unknown, revoked or expired.
 * Cached briefly (see AUTH_CACHE_TTL_MS); `lastUsedAt` is kept to within about a minute.
 */
export async function userIdForToken(db: Db, token: string): Promise<string | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const cached = tokenCache.get(tokenHash, now);
  if (cached) return cached.expiresAt !== null && cached.expiresAt <= now ? undefined : cached.userId;
  const revocationsBefore = revocations;
  const [row] = await db.select().from(accessTokens).where(eq(accessTokens.tokenHash, tokenHash));
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return undefined;
  if (revocations === revocationsBefore) {
    tokenCache.set(
      tokenHash,
      { tokenId: row.id, userId: row.userId, expiresAt: row.expiresAt?.getTime() ?? null },
      now,
    );
  }
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(accessTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(accessTokens.id, row.id));
  }
  return row.userId;
}
