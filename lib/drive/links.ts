/**
 * Public links (docs/sharing.md): read-only access to one file or folder for whoever holds the
 * URL (and the password, when one is set). Only the token's SHA-256 is stored; passwords are hashed
 * with better-auth's scrypt; wrong passwords lock the link for a doubling while.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type LinkRow, links } from "@/db/schema";
import { isUuid, loadNode, present } from "./access";
import type { Actor } from "./actor";
import { badInput, DriveError, notFound } from "./errors";
import { type NodeSnapshot, toSnapshot } from "./snapshot";
import { rows } from "./sql";

export interface LinkInfo {
  id: string;
  nodeId: string;
  hasPassword: boolean;
  expiresAt: string | null;
  createdAt: string;
  createdBy: string;
}

/** Wrong passwords allowed before the link locks. */
export const LINK_FREE_ATTEMPTS = 5;
const LOCK_BASE_SECONDS = 30;
const LOCK_MAX_SECONDS = 3600;
/** How long a grant (proof of the password) lasts. */
const GRANT_TTL_MS = 60 * 60 * 1000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function toInfo(row: LinkRow): LinkInfo {
  return {
    id: row.id,
    nodeId: row.nodeId,
    hasPassword: row.passwordHash !== null,
    expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
  };
}

/** Creates a link to a node the actor may change (owner or editor). The token is returned once. */
export async function createLink(
  db: Db,
  actor: Actor,
  input: { nodeId: string; password?: string | null; expiresAt?: Date | string | null },
): Promise<{ link: LinkInfo; token: string }> {
  const node = await loadNode(db, actor, input.nodeId, "share");
  if (node.deletedAt) throw new DriveError("CONFLICT", "the item is in the trash; restore it first");
  let passwordHash: string | null = null;
  if (input.password !== null && input.password !== undefined) {
    if (typeof input.password !== "string" || input.password.length < 8 || input.password.length > 256) {
      throw badInput("a link password has 8 to 256 characters", { field: "password" });
    }
    passwordHash = await hashPassword(input.password);
  }
  let expiresAt: Date | null = null;
  if (input.expiresAt !== null && input.expiresAt !== undefined) {
    expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
      throw badInput("expiresAt must be in the future", { field: "expiresAt" });
    }
  }
  const token = randomBytes(16).toString("base64url");
  const [row] = await db
    .insert(links)
    .values({
      id: randomUUID(),
      namespaceId: node.namespaceId,
      nodeId: node.id,
      tokenHash: sha256(token),
      passwordHash,
      expiresAt,
      createdBy: actor.userId,
    })
    .returning();
  return { link: toInfo(row!), token };
}

/** Live (unrevoked) links of a node, for those who may manage them; [] for everyone else. */
export async function listLinks(db: Db, actor: Actor, nodeId: string): Promise<LinkInfo[]> {
  try {
    await loadNode(db, actor, nodeId, "share");
  } catch {
    return [];
  }
  const found = await db
    .select()
    .from(links)
    .where(and(eq(links.nodeId, nodeId), isNull(links.revokedAt)))
    .orderBy(asc(links.createdAt));
  return found.map(toInfo);
}

/** Revokes a link (owner or editor of its item); it opens nothing from now on. */
export async function revokeLink(db: Db, actor: Actor, id: string): Promise<LinkInfo> {
  if (!isUuid(id)) throw notFound("link");
  const [row] = await db.select().from(links).where(eq(links.id, id.toLowerCase()));
  if (!row) throw notFound("link");
  await loadNode(db, actor, row.nodeId, "share").catch((error: unknown) => {
    throw error instanceof DriveError && error.code === "FORBIDDEN" ? error : notFound("link");
  });
  const [revoked] = await db
    .update(links)
    .set({ revokedAt: row.revokedAt ?? new Date() })
    .where(eq(links.id, row.id))
    .returning();
  return toInfo(revoked!);
}

/** The link a token names, when it is live (not revoked, not expired); else undefined. */
async function liveLink(db: Db, token: unknown): Promise<LinkRow | undefined> {
  if (typeof token !== "string" || token.length < 10 || token.length > 64) return undefined;
  const [row] = await db
    .select()
    .from(links)
    .where(eq(links.tokenHash, sha256(token)));
  if (!row || row.revokedAt) return undefined;
  if (row.expiresAt && new Date(row.expiresAt).getTime() <= Date.now()) return undefined;
  return row;
}

function linkActor(row: LinkRow): Actor {
  return {
    userId: `link:${row.id}`,
    email: "",
    name: "",
    homeNamespaceId: "",
    via: "link",
    link: { id: row.id, namespaceId: row.namespaceId, nodeId: row.nodeId },
  };
}

function sign(row: LinkRow, until: number): string {
  return createHmac("sha256", row.passwordHash ?? "")
    .update(`${row.id}.${until}`)
    .digest("base64url");
}

function makeGrant(row: LinkRow): string {
  const until = Date.now() + GRANT_TTL_MS;
  return `${until}.${sign(row, until)}`;
}

function grantValid(row: LinkRow, grant: unknown): boolean {
  if (typeof grant !== "string") return false;
  const [untilText = "", mac = ""] = grant.split(".");
  const until = Number(untilText);
  if (!Number.isSafeInteger(until) || until <= Date.now()) return false;
  const expected = Buffer.from(sign(row, until));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The actor for a request that carries a link token (and, for a password link, a grant from
 * `openLink`); undefined when the link is unknown, revoked or expired, or the grant is missing or
 * invalid.
 */
export async function actorForLink(db: Db, token: unknown, grant: unknown): Promise<Actor | undefined> {
  const row = await liveLink(db, token);
  if (!row) return undefined;
  if (row.passwordHash !== null && !grantValid(row, grant)) return undefined;
  return linkActor(row);
}

export interface OpenedLink {
  node: NodeSnapshot | null;
  passwordRequired: boolean;
  expiresAt: string | null;
  grant: string | null;
  /** The link holder's actor, once the link is open. */
  actor: Actor | null;
}

/**
 * Opens a link: NOT_FOUND for an unknown, revoked or expired link (or one whose item is gone or
 * in the trash). A password link without a password answers `passwordRequired`; a wrong one is
 * FORBIDDEN (`reason: password`); while locked every attempt is RATE_LIMITED.
 */
export async function openLink(db: Db, token: string, password?: string | null): Promise<OpenedLink> {
  const row = await liveLink(db, token);
  if (!row) throw notFound("link");
  const expiresAt = row.expiresAt ? new Date(row.expiresAt).toISOString() : null;
  if (row.passwordHash !== null) {
    if (password === null || password === undefined || password === "") {
      return { node: null, passwordRequired: true, expiresAt, grant: null, actor: null };
    }
    // Claim the attempt first (counted as failed until proven right), atomically, so parallel
    // guesses cannot slip past the lock.
    const [claimed] = await rows<{ failed_attempts: number }>(
      db,
      sql`UPDATE links SET failed_attempts = failed_attempts + 1,
            locked_until = CASE WHEN failed_attempts + 1 >= ${LINK_FREE_ATTEMPTS}::int
              THEN now() + make_interval(secs => LEAST(${LOCK_MAX_SECONDS}::float8,
                     ${LOCK_BASE_SECONDS}::float8 * power(2::float8, GREATEST(0, failed_attempts + 1 - ${LINK_FREE_ATTEMPTS}::int))))
              ELSE locked_until END
          WHERE id = ${row.id}::uuid AND (locked_until IS NULL OR locked_until <= now())
          RETURNING failed_attempts`,
    );
    if (!claimed) {
      const [now] = await db
        .select({ lockedUntil: links.lockedUntil })
        .from(links)
        .where(eq(links.id, row.id));
      const until = now?.lockedUntil ? new Date(now.lockedUntil).getTime() : Date.now();
      throw new DriveError("RATE_LIMITED", "too many wrong passwords; try again later", {
        retryAfterSeconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)),
      });
    }
    const right =
      typeof password === "string" &&
      password.length <= 256 &&
      (await verifyPassword({ hash: row.passwordHash, password }));
    if (!right) throw new DriveError("FORBIDDEN", "wrong password", { reason: "password" });
    await db.update(links).set({ failedAttempts: 0, lockedUntil: null }).where(eq(links.id, row.id));
  }
  const actor = linkActor(row);
  const node = await loadNode(db, actor, row.nodeId, "read").catch(() => {
    throw notFound("link");
  });
  return {
    node: await present(db, actor, toSnapshot(node)),
    passwordRequired: false,
    expiresAt,
    grant: row.passwordHash !== null ? makeGrant(row) : null,
    actor,
  };
}
