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
import { createHash, randomUUID } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, isNull, lt, or, sql } from "drizzle-orm";
import type { TypedQueryBuilder } from "drizzle-orm/query-builders/query-builder";
import mime from "mime";
import type { Db } from "@/db";
import { type NodeRow, namespaces, nodes, type VersionRow, versionChunks, versions } from "@/db/schema";
import {
  applySplices,
  type ChunkSplice,
  FASTCDC_V1,
  getProfile,
  InvalidSpliceError,
  isChunkHash,
} from "@/lib/chunking";
import {
  assertNamespaceAccess,
  assertScope,
  isShareRoot,
  isUuid,
  loadNode,
  lockNode,
  mayReadFiles,
  namespaceInfo,
  present,
  readableNamespacesSql,
} from "./access";
import type { Actor } from "./actor";
import { badInput, DriveError, notFound } from "./errors";
import { appendJournal, type ChangeOp, encodeCursor, lockNamespace } from "./journal";
import { later, runMutation, runMutationAfter, WithPendingWrites } from "./mutate";
import { firstFreeName, nameKey, validateName, withSuffix } from "./names";
import { nodePath } from "./paths";
import { assertWithinQuota, chargeSql } from "./quota";
import { type NodeSnapshot, toSnapshot } from "./snapshot";
import { rows } from "./sql";
import { assertLiveFolder, inFolder, newNodeId, takenKeys } from "./tree";

export const MAX_CHUNK_SIZE = 4 * 1024 * 1024;
/** Chunks one commit may list: 100,000 × ≤ 4 MiB. */
export const MAX_CHUNKS_PER_FILE = 100_000;

// ---------------------------------------------------------------------------------------------
// Possession

/** The subset of `hashes` the actor holds (uploaded, or in a version of a namespace they read). */
export async function heldChunks(db: Db, actor: Actor, hashes: string[]): Promise<Set<string>> {
  return (await chunkFacts(db, actor, hashes)).held;
}

/** Hashes per possession query: one array parameter each, so any count is one statement shape. */
const FACTS_BATCH = 5000;

/**
 * What the commit path needs to know about chunks, one statement per FACTS_BATCH hashes: which
 * the actor holds (as `heldChunks`), and the size of each that is in the store (`chunks`).
 */
async function chunkFacts(
  db: Db,
  actor: Actor,
  hashes: string[],
): Promise<{ held: Set<string>; sizes: Map<string, number> }> {
  const held = new Set<string>();
  const sizes = new Map<string, number>();
  const unique = [...new Set(hashes)];
  // The readable namespaces are computed inside the statement (once: it is an InitPlan).
  const readable = readableNamespacesSql(actor);
  for (let i = 0; i < unique.length; i += FACTS_BATCH) {
    const batch = unique.slice(i, i + FACTS_BATCH);
    const found = await rows<{ hash: string; size: number | null; held: boolean }>(
      db,
      sql`SELECT h.hash, c.size,
            (EXISTS (SELECT 1 FROM chunk_uploads u WHERE u.user_id = ${actor.userId}::text AND u.chunk_hash = h.hash)
             OR EXISTS (SELECT 1 FROM version_chunks vc
                        WHERE vc.namespace_id = ANY(${readable}) AND vc.chunk_hash = h.hash)) AS held
          FROM unnest(${sql.param(batch)}::text[]) AS h(hash) LEFT JOIN chunks c ON c.hash = h.hash`,
    );
    for (const r of found) {
      if (r.held) held.add(r.hash);
      if (r.size !== null) sizes.set(r.hash, Number(r.size));
    }
  }
  return { held, sizes };
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
  assertScope(actor, "files.write");
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

export interface ChunkUploadRecord {
  hash: string;
  size: number;
  storedSize: number;
}

/** Records that the actor uploaded a chunk now safely in the block store. */
export async function recordChunkUpload(db: Db, actor: Actor, chunk: ChunkUploadRecord): Promise<void> {
  await recordChunkUploads(db, actor, [chunk]);
}

/** Upload rows per statement of a group commit. */
const RECORD_BATCH = 1000;

/**
 * Records that the actor uploaded these chunks, now safely in the block store. Resolves once the
 * rows are committed. Group commit: while one statement runs, the records of every other call on
 * the same database handle queue up and go together in the next one (no timers: a lone call goes
 * at once). Each statement inserts both tables' rows, so a chunk is never held without its row.
 */
export function recordChunkUploads(
  db: Db,
  actor: Actor,
  chunks: readonly ChunkUploadRecord[],
): Promise<void> {
  if (chunks.length === 0) return Promise.resolve();
  let group = recordGroups.get(db);
  if (!group) {
    group = { running: false, queue: [] };
    recordGroups.set(db, group);
  }
  return new Promise((resolve, reject) => {
    group.queue.push({ userId: actor.userId, chunks, resolve, reject });
    if (!group.running) void flushRecords(db, group);
  });
}

interface PendingRecords {
  userId: string;
  chunks: readonly ChunkUploadRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const recordGroups = new WeakMap<Db, { running: boolean; queue: PendingRecords[] }>();

async function flushRecords(db: Db, group: { running: boolean; queue: PendingRecords[] }): Promise<void> {
  group.running = true;
  while (group.queue.length > 0) {
    const waiting = group.queue.splice(0);
    try {
      await insertRecords(db, waiting);
      for (const w of waiting) w.resolve();
    } catch (error) {
      if (waiting.length === 1) {
        waiting[0]?.reject(error);
        continue;
      }
      // One caller's rows may be what failed (a user deleted meanwhile): each goes again alone,
      // so a bad record fails only its own call.
      for (const w of waiting) {
        await insertRecords(db, [w]).then(w.resolve, w.reject);
      }
    }
  }
  group.running = false;
}

async function insertRecords(db: Db, waiting: readonly PendingRecords[]): Promise<void> {
  // Unique rows in a fixed order (by hash, then user), so concurrent statements on PostgreSQL
  // take their row locks in the same order and cannot deadlock each other.
  const uploads = new Map<string, { userId: string; chunk: ChunkUploadRecord }>();
  for (const w of waiting) {
    for (const c of w.chunks) uploads.set(`${c.hash} ${w.userId}`, { userId: w.userId, chunk: c });
  }
  const list = [...uploads.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
  for (let i = 0; i < list.length; i += RECORD_BATCH) {
    const us = list.slice(i, i + RECORD_BATCH);
    const cs = [...new Map(us.map((u) => [u.chunk.hash, u.chunk])).values()];
    // One statement (so one implicit transaction): each upload row with its chunk row.
    await db.execute(
      sql`WITH chunk AS (
            INSERT INTO chunks (hash, size, stored_size)
            SELECT * FROM unnest(${sql.param(cs.map((c) => c.hash))}::text[],
                                 ${sql.param(cs.map((c) => c.size))}::integer[],
                                 ${sql.param(cs.map((c) => c.storedSize))}::integer[])
            ON CONFLICT DO NOTHING)
          INSERT INTO chunk_uploads (user_id, chunk_hash)
          SELECT * FROM unnest(${sql.param(us.map((u) => u.userId))}::text[],
                               ${sql.param(us.map((u) => u.chunk.hash))}::text[])
          ON CONFLICT DO NOTHING`,
    );
  }
}

/** Whether the actor may read this chunk's bytes. */
export async function assertChunkReadable(db: Db, actor: Actor, hash: string): Promise<void> {
  if (!isChunkHash(hash) || !mayReadFiles(actor) || !(await heldChunks(db, actor, [hash])).has(hash))
    throw notFound("chunk");
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

  // The namespace lock goes out with the op id's claim, in one round trip (runMutationAfter).
  const lock = (tx: Db) => lockNamespaceOf(tx, actor, input.parentId);
  return runMutationAfter(db, actor, "commitFile", input.opId, lock, async (tx, locked) => {
    const { namespaceId, seq: seqBefore } = locked;
    const parentId = input.parentId.toLowerCase();

    // Everything below is read under the namespace lock. The reads go out together (one round
    // trip on PostgreSQL) and their answers are checked one by one, in the order of the rules.
    // The folder's names include the shared folders and files its owner made of items there.
    const siblingWhere = and(
      await inFolder(tx, namespaceId, parentId),
      eq(nodes.nameKey, nameKey(name)),
      isNull(nodes.deletedAt),
    );
    // Without a file id or base version the name decides: read the live sibling with the parent.
    const byName = !input.fileId && !input.baseVersionId;
    const parentRead = later(
      tx
        .select()
        .from(nodes)
        .where(byName ? or(eq(nodes.id, parentId), siblingWhere) : eq(nodes.id, parentId)),
    );
    const baseRead = input.baseVersionId
      ? later(tx.select().from(versions).where(eq(versions.id, input.baseVersionId)))
      : undefined;
    const listRead = splices
      ? later(baseRead!.then(([base]) => splicedList(tx, actor, base, splices)))
      : undefined;
    const factsRead = givenList ? later(chunkFacts(tx, actor, givenList)) : undefined;
    // What is being edited: the file named by id or base version, else whatever holds the name.
    const targetRead = input.fileId
      ? later(tx.select().from(nodes).where(eq(nodes.id, input.fileId)))
      : input.baseVersionId
        ? later(
            tx
              .select()
              .from(nodes)
              .where(
                eq(nodes.id, sql`(SELECT node_id FROM versions WHERE id = ${input.baseVersionId}::uuid)`),
              ),
          )
        : undefined;
    const proposedId =
      input.id === null || input.id === undefined ? undefined : later(newNodeId(tx, input.id));

    const read = await parentRead;
    const parent = read.find((n) => n.id === parentId);
    if (!parent) throw notFound();
    if (parent.namespaceId !== namespaceId) {
      throw new DriveError("CONFLICT", "the item moved while this change was being made; try again");
    }
    assertLiveFolder(parent, "parent");
    const chunkList = givenList ?? (await listRead!);
    const hash = contentHashOf(chunkList);
    if (input.contentHash && input.contentHash !== hash) {
      throw badInput(
        "the chunk list does not have the contentHash given (were the splices made against the base version's list?)",
        {
          field: "contentHash",
        },
      );
    }

    // Every chunk must be held by the actor and present in the store; sizes come from the store.
    const distinct = [...new Set(chunkList)];
    const { held, sizes } = await (factsRead ?? chunkFacts(tx, actor, distinct));
    const missing = distinct.filter((h) => !held.has(h));
    if (missing.length > 0) {
      throw new DriveError("CHUNK_MISSING", `${missing.length} chunk(s) must be uploaded first`, {
        missing: missing.slice(0, 100),
      });
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

    let target: NodeRow | undefined;
    let baseVersion: VersionRow | undefined;
    if (baseRead) {
      [baseVersion] = await baseRead;
      if (!baseVersion) throw notFound("version");
      await assertNamespaceAccess(tx, actor, baseVersion.namespaceId, "write");
    }
    if (targetRead) {
      [target] = await targetRead;
      if (target) await assertNamespaceAccess(tx, actor, target.namespaceId, "write");
      if (target && target.kind !== "file") throw badInput("fileId is not a file", { field: "fileId" });
      if (target && target.namespaceId !== parent.namespaceId) {
        // A shared file is its own namespace; its members see it in their own root.
        if (await isShareRoot(tx, target)) {
          return commitToSharedFile(tx, actor, target, parent, content, baseVersion);
        }
        throw badInput("the file is not in the parent's namespace", { field: "parentId" });
      }
    }

    if (target) {
      const current = target.currentVersionId;
      if (target.deletedAt) {
        // Edit vs delete: the edit wins, the file comes back where it was (or into `parent`).
        return resurrectWithVersion(tx, actor, target, parent, content, seqBefore);
      }
      if (baseVersion && current === baseVersion.id) {
        return addVersion(tx, actor, target, content, "EDIT", null, {}, seqBefore);
      }
      if (target.contentHash === hash) return unchanged(tx, actor, target);
      const [home] = await tx.select().from(nodes).where(eq(nodes.id, target.parentId!));
      return createFile(
        tx,
        actor,
        home!.deletedAt ? parent : home!,
        target.name,
        content,
        "STALE_BASE",
        undefined,
        seqBefore,
      );
    }

    // A new file (or one whose node is gone for good): the name decides.
    const [sibling] = byName
      ? read.filter((n) => n.id !== parentId)
      : await tx.select().from(nodes).where(siblingWhere);
    if (!sibling) return createFile(tx, actor, parent, name, content, null, proposedId, seqBefore);
    if (sibling.kind === "file" && sibling.contentHash === hash) return unchanged(tx, actor, sibling);
    return createFile(tx, actor, parent, name, content, "NAME_TAKEN", proposedId, seqBefore);
  });
}

/**
 * `contentHash` from lib/chunking (SHA-256 of the binary chunk hashes, in order), with node:crypto:
 * the same answer without WebCrypto's trip through the thread pool for 32 bytes per chunk.
 * The hashes are already validated.
 */
function contentHashOf(chunkList: readonly string[]): string {
  return createHash("sha256")
    .update(Buffer.from(chunkList.join(""), "hex"))
    .digest("hex");
}

/**
 * The locking half of `lockNode(tx, actor, id, "write")`, in one statement: locks the namespace the
 * node is in, only if the actor can read it (nobody else's namespace is ever locked), and returns
 * its id. NOT_FOUND for a malformed id, a missing node or one the actor cannot read; FORBIDDEN
 * without write access. The caller then reads the node in a new statement (which sees every change
 * committed before the lock was granted) and refuses with CONFLICT if it moved namespace meanwhile.
 */
async function lockNamespaceOf(
  tx: Db,
  actor: Actor,
  id: string,
): Promise<{ namespaceId: string; seq: number }> {
  if (!isUuid(id)) throw notFound();
  const [locked] = await rows<{ id: string; seq: string | number }>(
    tx,
    sql`SELECT id, seq FROM namespaces
        WHERE id = (SELECT namespace_id FROM nodes WHERE id = ${id.toLowerCase()}::uuid)
          AND id = ANY(${readableNamespacesSql(actor)})
        FOR UPDATE`,
  );
  if (!locked) throw notFound();
  await assertNamespaceAccess(tx, actor, locked.id, "write");
  return { namespaceId: locked.id, seq: Number(locked.seq) };
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
  base: VersionRow | undefined,
  splices: ChunkSplice[],
): Promise<string[]> {
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

/**
 * Inserts a version with the next number for `node`, and its chunk list, in one statement: the
 * chunk list goes in as three arrays (the same statement shape for any number of chunks).
 */
async function insertVersion(
  tx: Db,
  actor: Actor,
  node: Pick<NodeRow, "id" | "namespaceId">,
  c: NewContent,
  id: string = randomUUID(),
  /** For a file's first version: its number (1) and time, known before the statement answers. */
  first?: { createdAt: Date },
): Promise<VersionRow> {
  const sizes = c.chunkList.map((hash) => c.sizes.get(hash)!);
  const offsets: number[] = [];
  let offset = 0;
  for (const size of sizes) {
    offsets.push(offset);
    offset += size;
  }
  // drizzle types `$with` for query builders only; at run time it takes any SQL (it calls getSQL()).
  const chunkRows = tx.$with("chunk_rows").as(
    sql`INSERT INTO version_chunks (namespace_id, version_id, ord, chunk_hash, size, "offset")
        SELECT ${node.namespaceId}::uuid, ${id}::uuid, (t.ord - 1)::int, t.hash, t.size, t.off
        FROM unnest(${sql.param(c.chunkList)}::text[], ${sql.param(sizes)}::int[], ${sql.param(offsets)}::bigint[])
          WITH ORDINALITY AS t(hash, size, off, ord)` as unknown as TypedQueryBuilder<undefined>,
  );
  // The owner's quota is charged in the same statement (chargeSql), and checked on its answer.
  const charge = tx
    .$with("charge")
    .as(chargeSql(node.namespaceId, c.chunkList, c.sizes) as unknown as TypedQueryBuilder<undefined>);
  const [inserted] = await tx
    .with(charge, chunkRows)
    .insert(versions)
    .values({
      id,
      namespaceId: node.namespaceId,
      nodeId: node.id,
      number: first
        ? 1
        : sql`(SELECT coalesce(max(number), 0) + 1 FROM versions
                   WHERE namespace_id = ${node.namespaceId}::uuid AND node_id = ${node.id}::uuid)`,
      size: c.size,
      contentHash: c.contentHash,
      chunkingProfile: c.profile,
      authorId: actor.userId,
      deviceName: c.deviceName,
      ...(first ? { createdAt: first.createdAt } : {}),
    })
    .returning({
      ...getTableColumns(versions),
      usedBytes: sql<string | number | null>`(SELECT used_bytes FROM charge)`,
      quotaBytes: sql<string | number | null>`(SELECT quota_bytes FROM charge)`,
      addedBytes: sql<string | number | null>`(SELECT added FROM charge)`,
    });
  const { usedBytes, quotaBytes, addedBytes, ...version } = inserted!;
  assertWithinQuota({ used_bytes: usedBytes, quota_bytes: quotaBytes, added: addedBytes ?? 0 });
  return version;
}

/** What a change of a file returns: the result, maybe with its journal append still in flight. */
type Committed = CommitResult | WithPendingWrites<CommitResult>;

/**
 * Journals the change and builds the result. With `seqBefore` (the namespace's seq read under the
 * lock, so this entry's seq is the next one) the result does not wait for the append: it goes out
 * with the op's result record, and runMutation waits for both before committing. `writes`: the
 * change's own statements, still in flight when `row` and `version` are what they will write
 * (createFile); the append waits for them unless it goes out behind them (with `seqBefore`), and
 * nothing commits unless all of them succeed.
 */
async function finish(
  tx: Db,
  actor: Actor,
  row: NodeRow,
  version: VersionRow,
  op: ChangeOp,
  conflict: CommitResult["conflict"],
  parent?: NodeRow,
  seqBefore?: number,
  writes?: Promise<unknown>,
): Promise<Committed> {
  if (writes && seqBefore === undefined) await writes;
  const snapshot = toSnapshot(row, await nodePath(tx, row, parent));
  const entries = [{ nodeId: row.id, op, snapshot }];
  const shown = await present(tx, actor, snapshot);
  const result = (seq: number): CommitResult => ({
    file: shown,
    version: toVersionInfo(version),
    conflict,
    unchanged: false,
    cursor: encodeCursor({ [row.namespaceId]: seq }),
  });
  if (seqBefore === undefined) return result(await appendJournal(tx, row.namespaceId, actor.userId, entries));
  const seq = seqBefore + 1;
  const appended = later(appendJournal(tx, row.namespaceId, actor.userId, entries)).then((got) => {
    if (got !== seq) throw new Error(`journal seq ${got} where ${seq} was expected under the namespace lock`);
  });
  return new WithPendingWrites(result(seq), writes ? Promise.all([writes, appended]) : appended);
}

async function addVersion(
  tx: Db,
  actor: Actor,
  node: NodeRow,
  c: NewContent,
  op: ChangeOp,
  conflict: CommitResult["conflict"],
  extra: Partial<NodeRow> = {},
  seqBefore?: number,
): Promise<Committed> {
  // The version and the node's update do not depend on each other: both go out at once.
  const versionId = randomUUID();
  const versionInsert = later(insertVersion(tx, actor, node, c, versionId));
  const nodeUpdate = later(
    tx
      .update(nodes)
      .set({
        ...extra,
        currentVersionId: versionId,
        size: c.size,
        contentHash: c.contentHash,
        modifiedAt: new Date(),
        rev: sql`${nodes.rev} + 1`,
      })
      .where(eq(nodes.id, node.id))
      .returning(),
  );
  const version = await versionInsert;
  const [row] = await nodeUpdate;
  return finish(tx, actor, row!, version, op, conflict, undefined, seqBefore);
}

/** A new file node, born with its first version (rev 1, as a create followed by an edit would be). */
async function createFile(
  tx: Db,
  actor: Actor,
  parent: NodeRow,
  wanted: string,
  c: NewContent,
  reason: "STALE_BASE" | "NAME_TAKEN" | null,
  /** The client's proposed id, checked by `newNodeId` (already under way); else a random one. */
  proposedId?: Promise<string>,
  seqBefore?: number,
): Promise<Committed> {
  let name = wanted;
  if (reason) {
    const taken = await takenKeys(tx, parent.namespaceId, parent.id);
    name = firstFreeName(conflictedCopyName(wanted, c.deviceName, new Date()), (k) => taken.has(k));
  }
  const id = proposedId ? await proposedId : randomUUID();
  const now = new Date();
  const versionId = randomUUID();
  // Every column of the new node and of its first version is known here, so the journal entry and
  // the result need not wait for the inserts: node, version (with its chunk list and the quota
  // charge), journal append and op result all go out together (one round trip on PostgreSQL).
  const node: NodeRow = {
    id,
    namespaceId: parent.namespaceId,
    parentId: parent.id,
    name,
    nameKey: nameKey(name),
    kind: "file",
    mimeType: mime.getType(name) ?? "application/octet-stream",
    currentVersionId: versionId,
    size: c.size,
    contentHash: c.contentHash,
    createdAt: now,
    modifiedAt: now,
    rev: 1,
    deletedAt: null,
    trashRootId: null,
  };
  const version: VersionRow = {
    id: versionId,
    namespaceId: parent.namespaceId,
    nodeId: id,
    number: 1,
    size: c.size,
    contentHash: c.contentHash,
    chunkingProfile: c.profile,
    authorId: actor.userId,
    deviceName: c.deviceName,
    createdAt: now,
  };
  const nodeInsert = later(tx.insert(nodes).values(node));
  const versionInsert = later(insertVersion(tx, actor, node, c, versionId, { createdAt: now }));
  const writes = later(Promise.all([nodeInsert, versionInsert]));
  const conflict = reason ? { copyName: name, reason } : null;
  return finish(tx, actor, node, version, "CREATE", conflict, parent, seqBefore, writes);
}

/**
 * A commit to a file shared on its own (the top of its namespace): the new version goes into the
 * share's journal, under the share's lock. A stale base keeps both: the upload becomes a conflicted
 * copy in `parent`, the folder the committer sees the file in (their own), already locked.
 */
async function commitToSharedFile(
  tx: Db,
  actor: Actor,
  target: NodeRow,
  parent: NodeRow,
  content: NewContent,
  baseVersion: VersionRow | undefined,
): Promise<Committed> {
  await lockNamespace(tx, target.namespaceId);
  await assertNamespaceAccess(tx, actor, target.namespaceId, "write");
  const [file] = await tx.select().from(nodes).where(eq(nodes.id, target.id));
  if (!file || file.namespaceId !== target.namespaceId) {
    throw new DriveError("CONFLICT", "the item moved while this change was being made; try again");
  }
  if (file.deletedAt) {
    const ns = await namespaceInfo(tx, file.namespaceId);
    const ownerHome = await tx
      .select()
      .from(nodes)
      .where(
        eq(
          nodes.id,
          sql`(SELECT root_node_id FROM namespaces WHERE owner_id = ${ns!.ownerId}::text AND kind = 'home')`,
        ),
      );
    return resurrectWithVersion(tx, actor, file, ownerHome[0]!, content);
  }
  if (baseVersion && file.currentVersionId === baseVersion.id) {
    return addVersion(tx, actor, file, content, "EDIT", null, {});
  }
  if (file.contentHash === content.contentHash) return unchanged(tx, actor, file);
  return createFile(tx, actor, parent, file.name, content, "STALE_BASE");
}

async function resurrectWithVersion(
  tx: Db,
  actor: Actor,
  node: NodeRow,
  fallbackParent: NodeRow,
  c: NewContent,
  seqBefore?: number,
): Promise<Committed> {
  const [oldParent] = await tx.select().from(nodes).where(eq(nodes.id, node.parentId!));
  const parent = oldParent && !oldParent.deletedAt ? oldParent : fallbackParent;
  const taken = await takenKeys(tx, parent.namespaceId, parent.id);
  const name = firstFreeName(node.name, (k) => taken.has(k));
  const restored = { parentId: parent.id, name, nameKey: nameKey(name), deletedAt: null, trashRootId: null };
  return addVersion(tx, actor, node, c, "RESTORE", null, restored, seqBefore);
}

async function unchanged(tx: Db, actor: Actor, node: NodeRow): Promise<CommitResult> {
  const [version] = await tx.select().from(versions).where(eq(versions.id, node.currentVersionId!));
  const [ns] = await tx
    .select({ seq: namespaces.seq })
    .from(namespaces)
    .where(eq(namespaces.id, node.namespaceId));
  const seq = Number(ns!.seq);
  return {
    file: await present(tx, actor, toSnapshot(node, await nodePath(tx, node))),
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

/** A version's chunk list in file order; NOT_FOUND unless the actor can read the version. */
export async function listVersionChunks(
  db: Db,
  actor: Actor,
  version: { id: string; namespaceId?: string },
): Promise<{ hash: string; size: number; offset: number }[]> {
  if (!isUuid(version.id)) throw notFound("version");
  const [v] = await db
    .select({ namespaceId: versions.namespaceId })
    .from(versions)
    .where(eq(versions.id, version.id));
  if (!v) throw notFound("version");
  await assertNamespaceAccess(db, actor, v.namespaceId, "read").catch(() => {
    throw notFound("version");
  });
  const list = await db
    .select({ hash: versionChunks.chunkHash, size: versionChunks.size, offset: versionChunks.offset })
    .from(versionChunks)
    .where(and(eq(versionChunks.namespaceId, v.namespaceId), eq(versionChunks.versionId, version.id)))
    .orderBy(asc(versionChunks.ord));
  return list.map((c) => ({ hash: c.hash, size: c.size, offset: Number(c.offset) }));
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
  // A link opens an item as it is now, not its history.
  if (actor.link && versionNumber !== undefined) throw notFound("version");
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
