/**
 * OAuth for partner apps (docs/oauth.md): what a partner app's access token may do, and the
 * grants a person has given. The protocol itself (authorization code + PKCE, token endpoint,
 * refresh rotation, revocation endpoint, metadata) is better-auth's oauth-provider plugin, wired
 * in lib/auth; this module holds Cairn's side of it:
 *
 * - **scopes**: `files.read` (see and download), `files.write` (also create, change, move, trash
 *   and upload; it implies reading), `sharing` (share with people, make and revoke links, where
 *   the person may). `access.ts` checks them beside the person's role for every need (read,
 *   write, share), the one place every read and write is checked: a token never does more than
 *   its person can, nor anything its scopes do not name;
 * - **token lookup**: an access token (`cairn_oat_…`) is found by its SHA-256, and counts only
 *   while it is unexpired and unrevoked, its app is not revoked, and the person's grant to the app
 *   still stands. Nothing is cached: revoking works on the very next request;
 * - **grants**: the apps a person has authorized, and revoking one (its consent and all its
 *   tokens go at once).
 */
import { createHash } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { apps, oauthAccessTokens, oauthClients, oauthConsents, oauthRefreshTokens } from "@/db/schema";
import { actorFor } from "./accounts";
import type { Actor } from "./actor";
import { DriveError, notFound } from "./errors";
import { credentialsRevoked } from "./revocations";

export const OAUTH_SCOPES = ["files.read", "files.write", "sharing"] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

export const OAUTH_ACCESS_TOKEN_PREFIX = "cairn_oat_";
export const OAUTH_REFRESH_TOKEN_PREFIX = "cairn_ort_";

/** How OAuth tokens and app secrets are stored: SHA-256, hex (they are 256-bit random values). */
export function oauthTokenHash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function scopeSet(scopes: readonly string[]): ReadonlySet<OAuthScope> {
  return new Set(OAUTH_SCOPES.filter((s) => scopes.includes(s)));
}

/**
 * The actor an OAuth access token acts for, or undefined when the token is unknown, expired or
 * revoked, its app is revoked, or the person withdrew the app's grant.
 */
export async function actorForOAuthToken(db: Db, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(OAUTH_ACCESS_TOKEN_PREFIX) || token.length > 200) return undefined;
  const hash = oauthTokenHash(token.slice(OAUTH_ACCESS_TOKEN_PREFIX.length));
  const [row] = await db
    .select({ userId: oauthAccessTokens.userId, scopes: oauthAccessTokens.scopes, appId: apps.id })
    .from(oauthAccessTokens)
    .innerJoin(oauthClients, eq(oauthClients.clientId, oauthAccessTokens.clientId))
    .innerJoin(apps, eq(apps.appKey, oauthAccessTokens.clientId))
    .innerJoin(
      oauthConsents,
      and(
        eq(oauthConsents.clientId, oauthAccessTokens.clientId),
        eq(oauthConsents.userId, oauthAccessTokens.userId),
      ),
    )
    .where(
      and(
        eq(oauthAccessTokens.token, hash),
        isNull(oauthAccessTokens.revoked),
        gt(oauthAccessTokens.expiresAt, new Date()),
        sql`${oauthClients.disabled} IS NOT TRUE`,
        isNull(apps.revokedAt),
      ),
    )
    .limit(1);
  if (!row?.userId) return undefined;
  const actor = await actorFor(db, row.userId, "oauth");
  return actor && { ...actor, scopes: scopeSet(row.scopes), appId: row.appId };
}

// ---------------------------------------------------------------------------------------------
// Grants: the apps a person authorized

export interface OAuthGrantInfo {
  id: string;
  appName: string;
  appKey: string;
  scopes: OAuthScope[];
  /** Whether the person may get new access tokens without signing in again (offline_access). */
  offline: boolean;
  grantedAt: string;
}

/** Only a signed-in person sees and revokes grants: not a script's token, nor an app itself. */
function requireSession(actor: Actor): void {
  if (actor.via !== "session" || actor.link) {
    throw new DriveError("FORBIDDEN", "connected apps can only be managed from a signed-in session");
  }
}

export async function listOAuthGrants(db: Db, actor: Actor): Promise<OAuthGrantInfo[]> {
  requireSession(actor);
  const found = await db
    .select({
      id: oauthConsents.id,
      scopes: oauthConsents.scopes,
      createdAt: oauthConsents.createdAt,
      appName: apps.name,
      appKey: apps.appKey,
    })
    .from(oauthConsents)
    .innerJoin(apps, eq(apps.appKey, oauthConsents.clientId))
    .where(and(eq(oauthConsents.userId, actor.userId), isNull(apps.revokedAt)))
    .orderBy(oauthConsents.createdAt);
  return found.map((g) => ({
    id: g.id,
    appName: g.appName,
    appKey: g.appKey,
    scopes: [...scopeSet(g.scopes)],
    offline: g.scopes.includes("offline_access"),
    grantedAt: (g.createdAt ?? new Date(0)).toISOString(),
  }));
}

/**
 * Withdraws a grant: the consent is deleted and every access and refresh token the app holds for
 * this person is revoked, in one transaction. The app has to ask again (consent screen) to get
 * new ones.
 */
export async function revokeOAuthGrant(db: Db, actor: Actor, grantId: string): Promise<OAuthGrantInfo> {
  requireSession(actor);
  const grants = await listOAuthGrants(db, actor);
  const grant = grants.find((g) => g.id === grantId);
  if (!grant) throw notFound("grant");
  const now = new Date();
  await db.transaction(async (tx) => {
    const mine = (table: typeof oauthAccessTokens | typeof oauthRefreshTokens) =>
      and(eq(table.clientId, grant.appKey), eq(table.userId, actor.userId), isNull(table.revoked));
    await tx
      .delete(oauthConsents)
      .where(and(eq(oauthConsents.clientId, grant.appKey), eq(oauthConsents.userId, actor.userId)));
    await tx.update(oauthAccessTokens).set({ revoked: now }).where(mine(oauthAccessTokens));
    await tx.update(oauthRefreshTokens).set({ revoked: now }).where(mine(oauthRefreshTokens));
  });
  credentialsRevoked(actor.userId);
  return grant;
}
