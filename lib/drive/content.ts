/**
 * File content: chunk possession, the upload protocol (prepareUpload → PUT blocks → commitFile),
 * versions and restore, and what a download needs to read.
 *
 * Possession, not knowledge: storage is shared by everyone and a chunk is stored once, but a user
 * may skip uploading (or reference in a commit, or GET) only chunks they *hold*: chunks they
 * uploaded themselves, or that appear in a version they can read. Knowing a hash grants nothing
 * (the 2011 Dropship attack).
 *
 * commitFile decides conflicts on the server, and never drops content:
 * - base version current → a new version of the file;
 * - base version stale → the upload becomes `name (<device>'s conflicted copy YYYY-MM-DD).ext`
 *   beside it (the same content as current is a no-op instead);
 * - the file was trashed → the edit wins: it comes back with the new version;
 * - a new file whose name is taken → a conflicted copy too (identical content is a no-op).
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import mime from "mime";
import type { Db } from "@/db";
import {
  chunks,
  chunkUploads,
  type NodeRow,
  namespaces,
  nodes,
  type VersionRow,
  versionChunks,
  versions,
} from "@/db/schema";
import {
  applySplices,
  type ChunkSplice,
  contentHash,
  FASTCDC_V1,
  getProfile,
  InvalidSpliceError,
  isChunkHash,
} from "@/lib/chunking";
import { assertNamespaceAccess, isUuid, loadNode, lockNode, readableNamespaceIds } from "./access";
import type { Actor } from "./actor";
import { badInput, DriveError, notFound } from "./errors";
import { appendJournal, type ChangeOp, encodeCursor } from "./journal";
import { runMutation } from "./mutate";
import { firstFreeName, nameKey, validateName, withSuffix } from "./names";
import { nodePath } from "./paths";
import { type NodeSnapshot, toSnapshot } from "./snapshot";
import { assertLiveFolder, newNodeId, takenKeys } from "./tree";

export const MAX_CHUNK_SIZE = 4 * 1024 * 1024;
/** Chunks one commit may list: 100,000 × ≤ 4 MiB. */
export const MAX_CHUNKS_PER_FILE = 100_000;

// ---------------------------------------------------------------------------------------------
// Possession

/** The subset of `hashes` the actor holds (uploaded, or in a version of a namespace they read). */
export async function heldChunks(db: Db, actor: Actor, hashes: string[]): Promise<Set<string>> {
  const held = new Set<string>();
  const unique = [...new Set(hashes)];
  const nsIds = await readableNamespaceIds(db, actor);
  for (let i = 0; i < unique.length; i += 5000) {
    const batch = unique.slice(i, i + 5000);
    const uploaded = await db
      .select({ hash: chunkUploads.chunkHash })
      .from(chunkUploads)
      .where(and(eq(chunkUploads.userId, actor.userId), inArray(chunkUploads.chunkHash, batch)));
    for (const r of uploaded) held.add(r.hash);
    const rest = batch.filter((h) => !held.has(h));
    if (rest.length === 0 || nsIds.length === 0) continue;
    const inVersions = await db
      .selectDistinct({ hash: versionChunks.chunkHash })
      .from(versionChunks)
      .where(and(inArray(versionChunks.namespaceId, nsIds), inArray(versionChunks.chunkHash, rest)));
    for (const r of inVersions) held.add(r.hash);
  }
  return held;
}

function parseChunkList(list: unknown, field: string): string[] {
  if (!Array.isArray(list)) throw badInput(`${field} must be a list of chunk hashes`, { field });
  if (list.length > MAX_CHUNKS_PER_FILE) {
    throw new DriveError("LIMIT_EXCEEDED", `at most ${MAX_CHUNKS_PER_FILE} chunks per file`, { field });
  }
  for (const h of list) {
    if (!isChunkHash(h)) throw badInput(`${field} holds something that is not a chunk hash`, { field });
  }
  return list as string[];
}

/** Which of these chunks the client must send before committing. */
export async function prepareUpload(
  db: Db,
  actor: Actor,
  input: { chunks: { hash: string; size: number }[] },
): Promise<{ missing: string[] }> {
  if (!Array.isArray(input.chunks)) throw badInput("chunks must be a list", { field: "chunks" });
  const hashes = parseChunkList(
    input.chunks.map((c) => c?.hash),
    "chunks",
  );
  for (const c of input.chunks) {
    if (!Number.isInteger(c.size) || c.size < 1 || c.size > MAX_CHUNK_SIZE) {
      throw badInput(`a chunk's size is between 1 and ${MAX_CHUNK_SIZE} bytes`, { field: "chunks" });
    }
  }
  const held = await heldChunks(db, actor, hashes);
  return { missing: [...new Set(hashes.filter((h) => !held.has(h)))] };
}

/** Records that the actor uploaded a chunk now safely in the block store. */
export async function recordChunkUpload(
  db: Db,
  actor: Actor,
  chunk: { hash: string; size: number; storedSize: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(chunks)
      .values({ hash: chunk.hash, size: chunk.size, storedSize: chunk.storedSize })
      .onConflictDoNothing();
    await tx
      .insert(chunkUploads)
      .values({ userId: actor.userId, chunkHash: chunk.hash })
      .onConflictDoNothing();
  });
}

/** Whether the actor may read this chunk's bytes. */
export async function assertChunkReadable(db: Db, actor: Actor, hash: string): Promise<void> {
  if (!isChunkHash(hash) || !(await heldChunks(db, actor, [hash])).has(hash)) throw notFound("chunk");
}

// ---------------------------------------------------------------------------------------------
// Commit

export interface CommitFileInput {
  parentId: string;
  name: string;
  /** The version the client's edit started from; null for a new file. */
  baseVersionId?: string | null;
  /** The file being edited, when the client knows its id (preferred over the name). */
  fileId?: string | null;
  /** For a new file: the id the client proposes for it (see newNodeId). */
  id?: string | null;
  /** The whole chunk list; or, with a base version, `splices` against the base's list. */
  chunks?: string[] | null;
  splices?: { at: number; remove: number; insert: string[] }[] | null;
  /** The content hash the client computed for its chunk list; required with splices, checked when given. */
  contentHash?: string | null;
  size: number;
  deviceName?: string | null;
  chunkingProfile?: string | null;
  opId?: string | null;
}

export interface VersionInfo {
  id: string;
  nodeId: string;
  number: number;
  size: number;
  contentHash: string;
  chunkingProfile: string;
  authorId: string;
  deviceName: string | null;
  createdAt: string;
}

export interface CommitResult {
  file: NodeSnapshot;
  version: VersionInfo;
  conflict: { copyName: string; reason: "STALE_BASE" | "NAME_TAKEN" } | null;
  /** True when nothing changed: the same content was already the current version. */
  unchanged: boolean;
  cursor: string;
}

export function toVersionInfo(v: VersionRow): VersionInfo {
  return {
    id: v.id,
    nodeId: v.nodeId,
    number: v.number,
    size: Number(v.size),
    contentHash: v.contentHash,
    chunkingProfile: v.chunkingProfile,
    authorId: v.authorId,
    deviceName: v.deviceName,
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

/** `report (Pixel's conflicted copy 2026-11-24).pdf` */
export function conflictedCopyName(name: string, deviceName: string | null | undefined, date: Date): string {
  const device = (deviceName ?? "").trim() || "another device";
  return withSuffix(name, `${device}'s conflicted copy ${date.toISOString().slice(0, 10)}`);
}

function validateDeviceName(deviceName: unknown): string | null {
  if (deviceName === null || deviceName === undefined) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (typeof deviceName !== "string" || deviceName.length > 100 || /[\u0000-\u001f/]/.test(deviceName)) {
    throw badInput("deviceName is at most 100 characters, without '/' or control characters", {
      field: "deviceName",
    });
  }
  return deviceName.trim() || null;
}

export async function commitFile(db: Db, actor: Actor, input: CommitFileInput): Promise<CommitResult> {
  const name = validateName(input.name);
  const deviceName = validateDeviceName(input.deviceName);
  const hasChunks = input.chunks !== null && input.chunks !== undefined;
  const hasSplices = input.splices !== null && input.splices !== undefined;
  if (hasChunks === hasSplices)
    throw badInput("give either chunks or splices (with a baseVersionId)", { field: "chunks" });
  if (hasSplices && !input.baseVersionId)
    throw badInput("splices need a baseVersionId", { field: "splices" });
  if (hasSplices && !input.contentHash)
    throw badInput("splices need the contentHash of the result", { field: "contentHash" });
  const givenList = hasChunks ? parseChunkList(input.chunks, "chunks") : undefined;
  const splices = hasSplices ? parseSplices(input.splices) : undefined;
  const profile = input.chunkingProfile ?? FASTCDC_V1.id;
  if (!getProfile(profile))
    throw badInput(`unknown chunking profile ${profile}`, { field: "chunkingProfile" });
  if (!Number.isSafeInteger(input.size) || input.size < 0)
    throw badInput("size must be a whole number of bytes");
  for (const [field, id] of [
    ["baseVersionId", input.baseVersionId],
    ["fileId", input.fileId],
  ] as const) {
    if (id !== null && id !== undefined && !isUuid(id))
      throw notFound(field === "fileId" ? "file" : "version");
  }

  return runMutation(db, actor, "commitFile", input.opId, async (tx) => {
    const parent = await lockNode(tx, actor, input.parentId, "write");
    assertLiveFolder(parent, "parent");
    const chunkList = givenList ?? (await splicedList(tx, actor, input.baseVersionId!, splices!));
    const hash = await contentHash(chunkList as never);
    if (input.contentHash && input.contentHash !== hash) {
      throw badInput("the chunk list does not have the contentHash given (were the splices made against the base version's list?)", {
        field: "contentHash",
      });
    }

    // Every chunk must be held by the actor and present in the store; sizes come from the store.
    const distinct = [...new Set(chunkList)];
    const held = await heldChunks(tx, actor, distinct);
    const missing = distinct.filter((h) => !held.has(h));
    if (missing.length > 0) {
      throw new DriveError("CHUNK_MISSING", `${missing.length} chunk(s) must be uploaded first`, {
        missing: missing.slice(0, 100),
      });
    }
    const sizes = new Map<string, number>();
    for (let i = 0; i < distinct.length; i += 5000) {
      const rows = await tx
        .select({ hash: chunks.hash, size: chunks.size })
        .from(chunks)
        .where(inArray(chunks.hash, distinct.slice(i, i + 5000)));
      for (const r of rows) sizes.set(r.hash, r.size);
    }
    const gone = distinct.filter((h) => !sizes.has(h));
    if (gone.length > 0) {
      throw new DriveError("CHUNK_MISSING", "chunk(s) are not in the store", { missing: gone.slice(0, 100) });
    }
    const total = chunkList.reduce((sum, h) => sum + sizes.get(h)!, 0);
    if (total !== input.size) {
      throw badInput(`size ${input.size} does not match the chunks' total ${total}`, { field: "size" });
    }
    const content = { chunkList, sizes, size: total, contentHash: hash, profile, deviceName };

    // What is being edited: the file named by id or base version, else whatever holds the name.
    let target: NodeRow | undefined;
    let baseVersion: VersionRow | undefined;
    if (input.baseVersionId) {
      [baseVersion] = await tx.select().from(versions).where(eq(versions.id, input.baseVersionId));
      if (!baseVersion) throw notFound("version");
      await assertNamespaceAccess(tx, actor, baseVersion.namespaceId, "write");
    }
    const targetId = input.fileId ?? baseVersion?.nodeId;
    if (targetId) {
      [target] = await tx.select().from(nodes).where(eq(nodes.id, targetId));
      if (target) await assertNamespaceAccess(tx, actor, target.namespaceId, "write");
      if (target && target.kind !== "file") throw badInput("fileId is not a file", { field: "fileId" });
      if (target && target.namespaceId !== parent.namespaceId) {
        throw badInput("the file is not in the parent's namespace", { field: "parentId" });
      }
    }

    if (target) {
      const current = target.currentVersionId;
      if (target.deletedAt) {
        // Edit vs delete: the edit wins, the file comes back where it was (or into `parent`).
        return resurrectWithVersion(tx, actor, target, parent, content);
      }
      if (baseVersion && current === baseVersion.id) {
        return addVersion(tx, actor, target, content, "EDIT", null);
      }
      if (target.contentHash === hash) return unchanged(tx, target);
      const [home] = await tx.select().from(nodes).where(eq(nodes.id, target.parentId!));
      return createFile(tx, actor, home!.deletedAt ? parent : home!, target.name, content, "STALE_BASE");
    }

    // A new file (or one whose node is gone for good): the name decides.
    const [sibling] = await tx
      .select()
      .from(nodes)
      .where(
        and(
          eq(nodes.namespaceId, parent.namespaceId),
          eq(nodes.parentId, parent.id),
          eq(nodes.nameKey, nameKey(name)),
          isNull(nodes.deletedAt),
        ),
      );
    if (!sibling) return createFile(tx, actor, parent, name, content, null, input.id);
    if (sibling.kind === "file" && sibling.contentHash === hash) return unchanged(tx, sibling);
    return createFile(tx, actor, parent, name, content, "NAME_TAKEN", input.id);
  });
}

function parseSplices(input: unknown): ChunkSplice[] {
  if (!Array.isArray(input)) throw badInput("splices must be a list", { field: "splices" });
  let inserted = 0;
  for (const s of input as ChunkSplice[]) {
    if (!s || !Number.isInteger(s.at) || !Number.isInteger(s.remove) || !Array.isArray(s.insert)) {
      throw badInput("a splice is {at, remove, insert}", { field: "splices" });
    }
    parseChunkList(s.insert, "splices");
    inserted += s.insert.length;
  }
  if (inserted > MAX_CHUNKS_PER_FILE)
    throw new DriveError("LIMIT_EXCEEDED", "too many chunks", { field: "splices" });
  return input as ChunkSplice[];
}

/** The base version's chunk list with the splices applied. */
async function splicedList(
  tx: Db,
  actor: Actor,
  baseVersionId: string,
  splices: ChunkSplice[],
): Promise<string[]> {
  const [base] = await tx.select().from(versions).where(eq(versions.id, baseVersionId));
  if (!base) throw notFound("version");
  await assertNamespaceAccess(tx, actor, base.namespaceId, "read");
  const rows = await tx
    .select({ hash: versionChunks.chunkHash })
    .from(versionChunks)
    .where(and(eq(versionChunks.namespaceId, base.namespaceId), eq(versionChunks.versionId, base.id)))
    .orderBy(asc(versionChunks.ord));
  try {
    const list = applySplices(
      rows.map((r) => r.hash),
      splices,
    );
    if (list.length > MAX_CHUNKS_PER_FILE) throw new DriveError("LIMIT_EXCEEDED", "too many chunks");
    return list;
  } catch (error) {
    if (error instanceof InvalidSpliceError) throw badInput(error.message, { field: "splices" });
    throw error;
  }
}

interface NewContent {
  chunkList: string[];
  sizes: Map<string, number>;
  size: number;
  contentHash: string;
  profile: string;
  deviceName: string | null;
}

async function insertVersion(tx: Db, actor: Actor, node: NodeRow, c: NewContent): Promise<VersionRow> {
  const [last] = await tx
    .select({ number: versions.number })
    .from(versions)
    .where(and(eq(versions.namespaceId, node.namespaceId), eq(versions.nodeId, node.id)))
    .orderBy(desc(versions.number))
    .limit(1);
  const [version] = await tx
    .insert(versions)
    .values({
      id: randomUUID(),
      namespaceId: node.namespaceId,
      nodeId: node.id,
      number: (last?.number ?? 0) + 1,
      size: c.size,
      contentHash: c.contentHash,
      chunkingProfile: c.profile,
      authorId: actor.userId,
      deviceName: c.deviceName,
    })
    .returning();
  let offset = 0;
  const rows = c.chunkList.map((hash, ord) => {
    const row = {
      namespaceId: node.namespaceId,
      versionId: version!.id,
      ord,
      chunkHash: hash,
      size: c.sizes.get(hash)!,
      offset,
    };
    offset += row.size;
    return row;
  });
  for (let i = 0; i < rows.length; i += 2000) await tx.insert(versionChunks).values(rows.slice(i, i + 2000));
  return version!;
}

async function finish(
  tx: Db,
  actor: Actor,
  row: NodeRow,
  version: VersionRow,
  op: ChangeOp,
  conflict: CommitResult["conflict"],
): Promise<CommitResult> {
  const snapshot = toSnapshot(row, await nodePath(tx, row));
  const seq = await appendJournal(tx, row.namespaceId, actor.userId, [{ nodeId: row.id, op, snapshot }]);
  return {
    file: snapshot,
    version: toVersionInfo(version),
    conflict,
    unchanged: false,
    cursor: encodeCursor({ [row.namespaceId]: seq }),
  };
}

async function addVersion(
  tx: Db,
  actor: Actor,
  node: NodeRow,
  c: NewContent,
  op: ChangeOp,
  conflict: CommitResult["conflict"],
  extra: Partial<NodeRow> = {},
): Promise<CommitResult> {
  const version = await insertVersion(tx, actor, node, c);
  const [row] = await tx
    .update(nodes)
    .set({
      ...extra,
      currentVersionId: version.id,
      size: c.size,
      contentHash: c.contentHash,
      modifiedAt: new Date(),
      rev: sql`${nodes.rev} + 1`,
    })
    .where(eq(nodes.id, node.id))
    .returning();
  return finish(tx, actor, row!, version, op, conflict);
}

async function createFile(
  tx: Db,
  actor: Actor,
  parent: NodeRow,
  wanted: string,
  c: NewContent,
  reason: "STALE_BASE" | "NAME_TAKEN" | null,
  proposedId?: string | null,
): Promise<CommitResult> {
  let name = wanted;
  if (reason) {
    const taken = await takenKeys(tx, parent.namespaceId, parent.id);
    name = firstFreeName(conflictedCopyName(wanted, c.deviceName, new Date()), (k) => taken.has(k));
  }
  const now = new Date();
  const [node] = await tx
    .insert(nodes)
    .values({
      id: await newNodeId(tx, proposedId),
      namespaceId: parent.namespaceId,
      parentId: parent.id,
      name,
      nameKey: nameKey(name),
      kind: "file",
      mimeType: mime.getType(name) ?? "application/octet-stream",
      createdAt: now,
      modifiedAt: now,
      rev: 0,
    })
    .returning();
  return addVersion(tx, actor, node!, c, "CREATE", reason ? { copyName: name, reason } : null);
}

async function resurrectWithVersion(
  tx: Db,
  actor: Actor,
  node: NodeRow,
  fallbackParent: NodeRow,
  c: NewContent,
): Promise<CommitResult> {
  const [oldParent] = await tx.select().from(nodes).where(eq(nodes.id, node.parentId!));
  const parent = oldParent && !oldParent.deletedAt ? oldParent : fallbackParent;
  const taken = await takenKeys(tx, parent.namespaceId, parent.id);
  const name = firstFreeName(node.name, (k) => taken.has(k));
  return addVersion(tx, actor, node, c, "RESTORE", null, {
    parentId: parent.id,
    name,
    nameKey: nameKey(name),
    deletedAt: null,
    trashRootId: null,
  });
}

async function unchanged(tx: Db, node: NodeRow): Promise<CommitResult> {
  const [version] = await tx.select().from(versions).where(eq(versions.id, node.currentVersionId!));
  const [ns] = await tx
    .select({ seq: namespaces.seq })
    .from(namespaces)
    .where(eq(namespaces.id, node.namespaceId));
  const seq = Number(ns!.seq);
  return {
    file: toSnapshot(node, await nodePath(tx, node)),
    version: toVersionInfo(version!),
    conflict: null,
    unchanged: true,
    cursor: encodeCursor({ [node.namespaceId]: seq }),
  };
}

// ---------------------------------------------------------------------------------------------
// Versions

export async function listVersions(
  db: Db,
  actor: Actor,
  fileId: string,
  opts: { first?: number | null; after?: string | null } = {},
): Promise<{ items: VersionInfo[]; hasNextPage: boolean }> {
  const file = await loadNode(db, actor, fileId, "read");
  if (file.kind !== "file") throw badInput("not a file", { field: "id" });
  const first = opts.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput("first must be between 1 and 500");
  const before = opts.after ? Number(opts.after) : undefined;
  if (before !== undefined && !Number.isInteger(before))
    throw badInput("after is not a cursor from this list");
  const found = await db
    .select()
    .from(versions)
    .where(
      and(
        eq(versions.namespaceId, file.namespaceId),
        eq(versions.nodeId, file.id),
        before === undefined ? undefined : lt(versions.number, before),
      ),
    )
    .orderBy(desc(versions.number))
    .limit(first + 1);
  return { items: found.slice(0, first).map(toVersionInfo), hasNextPage: found.length > first };
}

export async function getVersion(db: Db, actor: Actor, versionId: string): Promise<VersionInfo> {
  if (!isUuid(versionId)) throw notFound("version");
  const [v] = await db.select().from(versions).where(eq(versions.id, versionId));
  if (!v) throw notFound("version");
  await assertNamespaceAccess(db, actor, v.namespaceId, "read").catch(() => {
    throw notFound("version");
  });
  return toVersionInfo(v);
}

/** Makes a new current version with an old version's chunk list: nothing is uploaded. */
export function restoreVersion(
  db: Db,
  actor: Actor,
  input: { fileId: string; versionId: string; opId?: string | null },
): Promise<CommitResult> {
  return runMutation(db, actor, "restoreVersion", input.opId, async (tx) => {
    const file = await lockNode(tx, actor, input.fileId, "write");
    if (file.kind !== "file") throw badInput("not a file", { field: "fileId" });
    if (!isUuid(input.versionId)) throw notFound("version");
    const [old] = await tx
      .select()
      .from(versions)
      .where(and(eq(versions.id, input.versionId), eq(versions.nodeId, file.id)));
    if (!old) throw notFound("version");
    const list = await tx
      .select()
      .from(versionChunks)
      .where(and(eq(versionChunks.namespaceId, old.namespaceId), eq(versionChunks.versionId, old.id)))
      .orderBy(asc(versionChunks.ord));
    const content: NewContent = {
      chunkList: list.map((c) => c.chunkHash),
      sizes: new Map(list.map((c) => [c.chunkHash, c.size])),
      size: Number(old.size),
      contentHash: old.contentHash,
      profile: old.chunkingProfile,
      deviceName: old.deviceName,
    };
    if (file.deletedAt) {
      const [parent] = await tx.select().from(nodes).where(eq(nodes.id, file.parentId!));
      return resurrectWithVersion(tx, actor, file, parent!, content);
    }
    return addVersion(tx, actor, file, { ...content, deviceName: null }, "EDIT", null);
  });
}

// ---------------------------------------------------------------------------------------------
// Reading content

export interface ContentPlan {
  file: NodeSnapshot;
  version: VersionInfo;
  mimeType: string;
  chunks: { hash: string; size: number; offset: number }[];
}

/** What to stream for a file's current version, or version number `versionNumber`. */
export async function contentPlan(
  db: Db,
  actor: Actor,
  fileId: string,
  versionNumber?: number,
): Promise<ContentPlan> {
  const file = await loadNode(db, actor, fileId, "read");
  if (file.kind !== "file") throw badInput("not a file");
  const where =
    versionNumber === undefined
      ? eq(versions.id, file.currentVersionId ?? randomUUID())
      : and(
          eq(versions.namespaceId, file.namespaceId),
          eq(versions.nodeId, file.id),
          eq(versions.number, versionNumber),
        );
  const [version] = await db.select().from(versions).where(where);
  if (!version) throw notFound("version");
  const list = await db
    .select({ hash: versionChunks.chunkHash, size: versionChunks.size, offset: versionChunks.offset })
    .from(versionChunks)
    .where(and(eq(versionChunks.namespaceId, version.namespaceId), eq(versionChunks.versionId, version.id)))
    .orderBy(asc(versionChunks.ord));
  return {
    file: toSnapshot(file),
    version: toVersionInfo(version),
    mimeType: file.mimeType ?? mime.getType(file.name) ?? "application/octet-stream",
    chunks: list.map((c) => ({ hash: c.hash, size: c.size, offset: Number(c.offset) })),
  };
}
