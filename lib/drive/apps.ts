/**
 * Partner apps (docs/partner-apps.md): apps a user registers so that other sites can embed the
 * Chooser and Saver (and, through OAuth, call the API). An app names the exact origins allowed to
 * open the picker and the redirect URIs OAuth may send codes to. The picker hands the partner
 * either a public link (`preview`) or a **direct link**: a short-lived signed content URL that
 * works without cookies, from the app's origins only (CORS), and only while the user who chose
 * the file can still read it — the signature proves who chose what and until when, and the
 * access check runs again on every fetch.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import mime from "mime";
import type { Db } from "@/db";
import { type AppRow, apps, oauthClients } from "@/db/schema";
import { isUuid, loadNode, pathAsSeen, present } from "./access";
import { actorFor } from "./accounts";
import type { Actor } from "./actor";
import { badInput, DriveError, notFound } from "./errors";
import { createLink } from "./links";
import { OAUTH_SCOPES, oauthTokenHash } from "./oauth";
import { credentialsRevoked } from "./revocations";
import { toSnapshot } from "./snapshot";

export interface AppInfo {
  id: string;
  name: string;
  appKey: string;
  confidential: boolean;
  origins: string[];
  redirectUris: string[];
  createdAt: string;
  revokedAt: string | null;
}

/** Direct links last this long unless the server is told otherwise (Dropbox's are 4 hours). */
export const DIRECT_LINK_TTL_SECONDS = 4 * 60 * 60;
const MAX_ORIGINS = 20;
const MAX_REDIRECTS = 20;
const MAX_CHOSEN = 1000;
const APP_KEY_PREFIX = "cairn_app_";
const SECRET_PREFIX = "cairn_secret_";

/** App secrets are stored as the OAuth server stores them, so `oauth_clients` shares the hash. */
const sha256 = oauthTokenHash;

function toInfo(row: AppRow): AppInfo {
  return {
    id: row.id,
    name: row.name,
    appKey: row.appKey,
    confidential: row.secretHash !== null,
    origins: row.origins,
    redirectUris: row.redirectUris,
    createdAt: new Date(row.createdAt).toISOString(),
    revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
  };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An exact web origin (`https://app.example:8443`): scheme, host and port, nothing else. */
export function normalizeOrigin(value: unknown): string {
  if (typeof value !== "string") throw badInput("an origin is a string", { field: "origins" });
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badInput(`"${value}" is not an origin like https://app.example.com`, { field: "origins" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw badInput(`"${value}": an origin is http or https`, { field: "origins" });
  if (url.origin !== value.trim().replace(/\/$/, "") || url.username || url.password)
    throw badInput(`"${value}" is not an origin (scheme://host[:port], no path)`, { field: "origins" });
  return url.origin;
}

/** A redirect URI: absolute, no fragment, https (plain http only on the loopback interface). */
function normalizeRedirect(value: unknown): string {
  if (typeof value !== "string") throw badInput("a redirect URI is a string", { field: "redirectUris" });
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badInput(`"${value}" is not an absolute URL`, { field: "redirectUris" });
  }
  if (url.hash || value.includes("#"))
    throw badInput("a redirect URI has no #fragment", { field: "redirectUris" });
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    throw badInput(`"${value}": redirect URIs use https (http only for localhost)`, {
      field: "redirectUris",
    });
  return url.href;
}

function cleanList<T>(values: unknown, max: number, field: string, each: (v: unknown) => T): T[] {
  if (!Array.isArray(values)) throw badInput(`${field} is a list`, { field });
  if (values.length > max) throw badInput(`at most ${max} ${field}`, { field });
  return [...new Set(values.map(each))];
}

function cleanName(name: unknown): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed.length === 0 || trimmed.length > 100)
    throw badInput("an app needs a name of 1-100 characters", { field: "name" });
  return trimmed;
}

/** Only a signed-in person manages apps: not a script's token, an OAuth app or a link holder. */
function requireSessionUser(actor: Actor): void {
  if (actor.via !== "session" || actor.link) {
    throw new DriveError("FORBIDDEN", "apps can only be managed from a signed-in session");
  }
}

export interface RegisterAppInput {
  name: string;
  origins: readonly string[];
  redirectUris?: readonly string[] | null;
  /** A confidential client (a server) gets a secret; public clients (browsers, apps) use PKCE. */
  confidential?: boolean | null;
}

/** Registers an app for the actor. The secret (confidential apps only) is returned this once. */
export async function registerApp(
  db: Db,
  actor: Actor,
  input: RegisterAppInput,
): Promise<{ app: AppInfo; secret: string | null }> {
  requireSessionUser(actor);
  const name = cleanName(input.name);
  const origins = cleanList(input.origins, MAX_ORIGINS, "origins", normalizeOrigin);
  const redirectUris = cleanList(input.redirectUris ?? [], MAX_REDIRECTS, "redirectUris", normalizeRedirect);
  if (origins.length === 0 && redirectUris.length === 0)
    throw badInput("give at least one origin (Chooser/Saver) or redirect URI (OAuth)", { field: "origins" });
  const secret = input.confidential ? SECRET_PREFIX + randomBytes(32).toString("base64url") : null;
  const row = await db.transaction(async (tx) => {
    const [app] = await tx
      .insert(apps)
      .values({
        id: randomUUID(),
        ownerId: actor.userId,
        name,
        appKey: APP_KEY_PREFIX + randomBytes(15).toString("base64url"),
        secretHash: secret ? sha256(secret) : null,
        origins,
        redirectUris,
      })
      .returning();
    await syncOAuthClient(tx as unknown as Db, app!);
    return app!;
  });
  return { app: toInfo(row), secret };
}

/**
 * The app as the OAuth server (better-auth's oauth-provider, lib/auth) sees it: one client per
 * app, `client_id` = the app key, the same secret hash (both sides store SHA-256 hex), the
 * authorization code grant with PKCE always required, refresh tokens, consent always asked.
 */
function oauthClientOf(app: AppRow): typeof oauthClients.$inferInsert {
  const now = new Date();
  return {
    id: app.id,
    clientId: app.appKey,
    clientSecret: app.secretHash,
    disabled: app.revokedAt !== null,
    skipConsent: false,
    scopes: [...OAUTH_SCOPES, "offline_access"],
    userId: app.ownerId,
    createdAt: app.createdAt ?? now,
    updatedAt: now,
    name: app.name,
    redirectUris: app.redirectUris,
    tokenEndpointAuthMethod: app.secretHash ? "client_secret_basic" : "none",
    applicationType: "web",
    grantTypes: ["authorization_code", "refresh_token"],
    responseTypes: ["code"],
    requirePKCE: true,
  };
}

/** Writes the app's OAuth client row to match the app (in the caller's transaction). */
async function syncOAuthClient(tx: Db, app: AppRow): Promise<void> {
  const client = oauthClientOf(app);
  const { id: _id, createdAt: _createdAt, ...changes } = client;
  await tx.insert(oauthClients).values(client).onConflictDoUpdate({ target: oauthClients.id, set: changes });
}

async function ownedApp(db: Db, actor: Actor, id: unknown): Promise<AppRow> {
  requireSessionUser(actor);
  if (!isUuid(id)) throw notFound("app");
  const [row] = await db
    .select()
    .from(apps)
    .where(and(eq(apps.id, id), eq(apps.ownerId, actor.userId)));
  if (!row) throw notFound("app");
  return row;
}

export async function updateApp(
  db: Db,
  actor: Actor,
  input: {
    id: string;
    name?: string | null;
    origins?: readonly string[] | null;
    redirectUris?: readonly string[] | null;
  },
): Promise<AppInfo> {
  const row = await ownedApp(db, actor, input.id);
  if (row.revokedAt) throw new DriveError("CONFLICT", "this app is revoked; register a new one");
  const changes: Partial<AppRow> = { updatedAt: new Date() };
  if (input.name !== null && input.name !== undefined) changes.name = cleanName(input.name);
  if (input.origins !== null && input.origins !== undefined)
    changes.origins = cleanList(input.origins, MAX_ORIGINS, "origins", normalizeOrigin);
  if (input.redirectUris !== null && input.redirectUris !== undefined)
    changes.redirectUris = cleanList(input.redirectUris, MAX_REDIRECTS, "redirectUris", normalizeRedirect);
  const updated = await db.transaction(async (tx) => {
    const [app] = await tx.update(apps).set(changes).where(eq(apps.id, row.id)).returning();
    await syncOAuthClient(tx as unknown as Db, app!);
    return app!;
  });
  return toInfo(updated);
}

/** Revokes an app at once: its picker, direct links and OAuth tokens stop working. */
export async function revokeApp(db: Db, actor: Actor, input: { id: string }): Promise<AppInfo> {
  const row = await ownedApp(db, actor, input.id);
  if (row.revokedAt) return toInfo(row);
  const updated = await db.transaction(async (tx) => {
    const [app] = await tx
      .update(apps)
      .set({ revokedAt: new Date(), updatedAt: new Date() })
      .where(eq(apps.id, row.id))
      .returning();
    await syncOAuthClient(tx as unknown as Db, app!);
    return app!;
  });
  credentialsRevoked(null);
  return toInfo(updated);
}

/** The apps the actor registered, newest first (revoked ones included, marked). */
export async function listApps(db: Db, actor: Actor): Promise<AppInfo[]> {
  requireSessionUser(actor);
  const list = await db
    .select()
    .from(apps)
    .where(eq(apps.ownerId, actor.userId))
    .orderBy(desc(apps.createdAt));
  return list.map(toInfo);
}

/** A live (not revoked) app by its key, or undefined. */
export async function appForKey(db: Db, appKey: unknown): Promise<AppInfo | undefined> {
  if (typeof appKey !== "string" || appKey.length > 200) return undefined;
  const [row] = await db
    .select()
    .from(apps)
    .where(and(eq(apps.appKey, appKey), isNull(apps.revokedAt)));
  return row ? toInfo(row) : undefined;
}

/** Whether `secret` is the confidential app's secret (constant-time). */
export function appSecretMatches(app: AppRow, secret: string): boolean {
  if (!app.secretHash) return false;
  const a = Buffer.from(sha256(secret), "hex");
  const b = Buffer.from(app.secretHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The app a picker was opened for, when `origin` (the opener's origin, as the browser reported
 * it) is one of its registered origins; FORBIDDEN (`reason: origin`) otherwise. Anyone may ask:
 * it reveals only the app's name, and only to a registered origin.
 */
export async function pickerApp(
  db: Db,
  appKey: unknown,
  origin: unknown,
): Promise<{ name: string; appKey: string }> {
  const app = await appForKey(db, appKey);
  let exact: string | undefined;
  try {
    exact = normalizeOrigin(origin);
  } catch {
    exact = undefined;
  }
  if (!app || !exact || !app.origins.includes(exact)) {
    throw new DriveError(
      "FORBIDDEN",
      `This page (${typeof origin === "string" ? origin.slice(0, 200) : "unknown origin"}) is not allowed to use this Cairn app key.`,
      { reason: "origin" },
    );
  }
  return { name: app.name, appKey: app.appKey };
}

// ---------------------------------------------------------------------------------------------
// Chooser results and direct links

export type ChooserLinkType = "preview" | "direct";

export interface ChosenItem {
  id: string;
  name: string;
  bytes: number;
  mimeType: string | null;
  isDir: boolean;
  link: string;
  expires: string | null;
  icon: string;
}

export interface LinkSigning {
  /** The server's secret (CAIRN_SECRET): direct links are HMACs under a key derived from it. */
  secret: string;
  /** Absolute origin links point to, e.g. `https://cairn.example`. */
  baseUrl: string;
  ttlSeconds?: number;
}

/**
 * What the Chooser returns to the partner for the nodes the user picked: each must be readable by
 * the actor (else NOT_FOUND, nothing is created). `preview` makes a read-only public link (so the
 * actor must be allowed to share: owner or editor); `direct` signs a content URL for files, and
 * for folders gives the folder's page in Cairn (there is no folder download).
 */
export async function chooseItems(
  db: Db,
  actor: Actor,
  input: { appKey: string; origin: string; nodeIds: readonly string[]; linkType: ChooserLinkType },
  signing: LinkSigning,
): Promise<ChosenItem[]> {
  if (!actor.userId || actor.link) throw new DriveError("UNAUTHENTICATED", "sign in to choose files");
  const app = await appForKey(db, input.appKey);
  await pickerApp(db, input.appKey, input.origin);
  if (!Array.isArray(input.nodeIds) || input.nodeIds.length === 0 || input.nodeIds.length > MAX_CHOSEN)
    throw badInput(`choose 1 to ${MAX_CHOSEN} items`, { field: "nodeIds" });
  const ttl = signing.ttlSeconds ?? DIRECT_LINK_TTL_SECONDS;
  const rowsById = [];
  for (const id of new Set(input.nodeIds)) {
    const row = await loadNode(db, actor, id, "read");
    if (row.deletedAt) throw notFound();
    rowsById.push(row);
  }
  const out: ChosenItem[] = [];
  for (const row of rowsById) {
    const isDir = row.kind === "folder";
    const mimeType = isDir ? null : (row.mimeType ?? mime.getType(row.name) ?? "application/octet-stream");
    const icon = `${signing.baseUrl}/embed/icons/${isDir ? "folder" : "file"}.svg`;
    let link: string;
    let expires: string | null = null;
    if (input.linkType === "preview") {
      const { token } = await createLink(db, actor, { nodeId: row.id });
      link = `${signing.baseUrl}/s/${token}`;
    } else if (isDir) {
      const seen = await present(db, actor, toSnapshot(row));
      link = `${signing.baseUrl}/drive${encodePath(await pathAsSeen(db, actor, seen))}`;
    } else {
      const expiresAt = Math.floor(Date.now() / 1000) + ttl;
      link = `${signing.baseUrl}/api/files/${row.id}/content?${signDirectLink(signing.secret, {
        fileId: row.id,
        userId: actor.userId,
        appId: app!.id,
        expiresAt,
      })}`;
      expires = new Date(expiresAt * 1000).toISOString();
    }
    out.push({ id: row.id, name: row.name, bytes: Number(row.size), mimeType, isDir, link, expires, icon });
  }
  return out;
}

const encodePath = (path: string) => (path === "/" ? "" : path.split("/").map(encodeURIComponent).join("/"));

interface DirectLinkClaims {
  fileId: string;
  userId: string;
  appId: string;
  /** Unix seconds. */
  expiresAt: number;
}

const signingKey = (secret: string) => createHmac("sha256", secret).update("cairn direct link v1").digest();

function mac(secret: string, c: DirectLinkClaims): string {
  return createHmac("sha256", signingKey(secret))
    .update(`${c.fileId}\n${c.userId}\n${c.appId}\n${c.expiresAt}`)
    .digest("base64url");
}

/** The query string of a direct link: `dl=<user>.<app>.<expiry>&sig=<hmac>`. */
export function signDirectLink(secret: string, claims: DirectLinkClaims): string {
  const dl = `${claims.userId}.${claims.appId}.${claims.expiresAt}`;
  return `dl=${encodeURIComponent(dl)}&sig=${mac(secret, claims)}`;
}

export interface DirectLink {
  /** Who chose the file: the fetch acts for them, and their access is checked as for any read. */
  actor: Actor;
  /** The app's registered origins: the only ones CORS lets read the response. */
  origins: string[];
  expired: boolean;
}

/**
 * Checks a direct link's signature for `fileId`: undefined for anything forged, for a revoked
 * app or a user that is gone. An expired link is returned with `expired` set, so the caller can
 * still answer the app's origins with a readable error.
 */
export async function verifyDirectLink(
  db: Db,
  secret: string,
  fileId: string,
  params: URLSearchParams,
): Promise<DirectLink | undefined> {
  const parts = (params.get("dl") ?? "").split(".");
  const [userId, appId, expiry] = parts;
  const expiresAt = Number(expiry);
  if (parts.length !== 3 || !userId || !isUuid(appId) || !Number.isSafeInteger(expiresAt)) return undefined;
  const expected = Buffer.from(mac(secret, { fileId, userId, appId, expiresAt }));
  const given = Buffer.from(params.get("sig") ?? "");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const [app] = await db
    .select({ origins: apps.origins })
    .from(apps)
    .where(and(eq(apps.id, appId), isNull(apps.revokedAt)));
  if (!app) return undefined;
  const actor = await actorFor(db, userId, "token");
  if (!actor) return undefined;
  return { actor, origins: app.origins, expired: expiresAt * 1000 <= Date.now() };
}
