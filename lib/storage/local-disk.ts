/**
 * LocalDiskBlobStore: blobs as read-only files under a root folder, sharded by the first two
 * bytes of the hash (`<root>/ab/cd/abcd…`), with `<root>/tmp/` for writes in progress.
 *
 * A put writes a temp file in `<root>/tmp/` (same filesystem as the blobs), fsyncs it, then
 * hard-links it to its final name (`link` fails with EEXIST instead of overwriting, so the first
 * of several concurrent puts wins and the others see `created: false`), fsyncs the final folder and
 * drops the temp name. The final name therefore only ever points at a complete, fsynced file.
 * A killed process leaves at most a temp file, which `open` removes.
 *
 * Requires a filesystem with hard links (any POSIX filesystem; not FAT or some network mounts).
 */
import { randomBytes } from "node:crypto";
import { type FileHandle, link, mkdir, open, readdir, rm, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type ChunkHash, isChunkHash, parseChunkHash } from "../chunking/chunk-hash";
import {
  BlobNotFoundError,
  type BlobStore,
  BlobStoreClosedError,
  type ByteRange,
  type PutOptions,
  type PutResult,
} from "./blob-store";
import { checkRangeShape, checkRangeWithin, nothing } from "./byte-range";
import { checkPutArguments, verifiedBody } from "./verified-body";

const TMP_DIR = "tmp";
const SHARD_RE = /^[0-9a-f]{2}$/;
/** Temp files of other machines (or of a reused pid) are removed once this old. */
const STALE_TEMP_AGE_MS = 24 * 60 * 60 * 1000;
/** Temp names carry their writer, `<host>~<pid>~<random>.tmp`, so `open` can tell a dead writer. */
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, "-") || "host";
const TEMP_RE = /^([A-Za-z0-9.-]+)~(\d+)~[0-9a-f]+\.tmp$/;

export class LocalDiskBlobStore implements BlobStore {
  readonly #tmp: string;
  /** Shard folders (`ab` and `ab/cd`) known to exist with durable entries; at most 65,792. */
  readonly #shardDirs = new Set<string>();
  #closed = false;

  private constructor(readonly root: string) {
    this.#tmp = join(root, TMP_DIR);
  }

  /**
   * Opens (creating if needed) the store at `root`, and removes temp files left by writers that
   * are gone: processes of this machine that no longer run, and any temp file older than a day.
   */
  static async open(root: string): Promise<LocalDiskBlobStore> {
    const store = new LocalDiskBlobStore(resolve(root));
    await mkdir(store.#tmp, { recursive: true });
    await store.#removeStaleTemps();
    return store;
  }

  async put(
    hash: ChunkHash,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    opts: PutOptions,
  ): Promise<PutResult> {
    this.#assertOpen();
    checkPutArguments(hash, opts.size);
    const target = this.#pathOf(hash);
    const pieces = verifiedBody(hash, body, opts.size, opts.signal);

    if (await exists(target)) {
      for await (const _ of pieces); // still verify the body, as the contract says
      // The blob may belong to a concurrent put that has linked but not yet fsynced the folders:
      // make the name (and the folders' own entries) durable before we report success.
      await this.#syncShardDir(dirname(target));
      return { created: false };
    }

    const temp = join(this.#tmp, `${HOST}~${process.pid}~${randomBytes(8).toString("hex")}.tmp`);
    const file = await open(temp, "wx", 0o444);
    try {
      try {
        await writeBatched(file, pieces);
        await file.sync();
      } finally {
        await file.close();
      }
      const dir = dirname(target);
      if (!this.#shardDirs.has(dir)) await mkdir(dir, { recursive: true });
      let created = true;
      try {
        await link(temp, target).catch(async (err: unknown) => {
          if (errorCode(err) !== "ENOENT") throw err;
          // The shard folder went away behind our back: make it again.
          this.#shardDirs.delete(dir);
          this.#shardDirs.delete(dirname(dir));
          await mkdir(dir, { recursive: true });
          await link(temp, target);
        });
      } catch (err) {
        if (errorCode(err) !== "EEXIST") throw err;
        created = false; // a concurrent put won; its bytes are the same as ours
      }
      // The new name, and the shard folders' own entries if they are new, made durable together.
      await this.#syncShardDir(dir);
      return { created };
    } finally {
      // Drop the temp name (the blob lives on under its final name). A failure here leaves a temp
      // file that the next `open` removes; it must not fail a put whose blob is durable.
      await unlink(temp).catch(() => {});
    }
  }

  async get(hash: ChunkHash, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
    this.#assertOpen();
    checkRangeShape(range);
    let file: FileHandle;
    try {
      file = await open(this.#pathOf(hash), "r");
    } catch (err) {
      if (errorCode(err) === "ENOENT") throw new BlobNotFoundError(hash);
      throw err;
    }
    // From here on the open handle keeps the bytes readable even if the blob is deleted.
    try {
      const { size } = await file.stat();
      const { start, end } = range ?? { start: 0, end: size };
      if (range) checkRangeWithin(range, size, hash);
      if (start === end) {
        await file.close();
        return nothing();
      }
      // createReadStream's `end` is inclusive; it closes the handle when done or destroyed.
      return file.createReadStream({ start, end: end - 1 });
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  async stat(hash: ChunkHash): Promise<{ size: number } | undefined> {
    this.#assertOpen();
    try {
      const st = await stat(this.#pathOf(hash));
      return { size: st.size };
    } catch (err) {
      if (errorCode(err) === "ENOENT") return undefined;
      throw err;
    }
  }

  async has(hash: ChunkHash): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  /** Not fsynced: a crash may bring a deleted blob back, which is harmless (blobs are immutable). */
  async delete(hash: ChunkHash): Promise<void> {
    this.#assertOpen();
    try {
      await unlink(this.#pathOf(hash));
    } catch (err) {
      if (errorCode(err) !== "ENOENT") throw err;
    }
  }

  async *list(): AsyncGenerator<ChunkHash, void, undefined> {
    this.#assertOpen();
    for (const a of await readdirIfExists(this.root)) {
      if (!SHARD_RE.test(a)) continue;
      for (const b of await readdirIfExists(join(this.root, a))) {
        if (!SHARD_RE.test(b)) continue;
        for (const name of await readdirIfExists(join(this.root, a, b))) {
          if (isChunkHash(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new BlobStoreClosedError(`file://${this.root}`);
  }

  /** The final path of a blob. Validates the hash: it becomes a path. */
  #pathOf(hash: ChunkHash): string {
    parseChunkHash(hash);
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  /**
   * Makes the entries of shard folder `<root>/ab/cd` durable: the folder's own (its blob names),
   * and the entries of `cd` in `ab` and of `ab` in the root unless this process has synced those
   * already. The folder must exist. The fsyncs run at once, so the filesystem can commit them
   * together (on ext4 concurrent fsyncs share one journal commit) instead of one after another.
   * A folder is remembered only once they are done, so whoever created it (maybe a concurrent put
   * that has not synced it yet), every put relies only on entries that are durable.
   */
  async #syncShardDir(dir: string): Promise<void> {
    const top = dirname(dir);
    const syncs = [fsyncDir(dir)];
    if (!this.#shardDirs.has(dir)) syncs.push(fsyncDir(top)); // the entry for `cd` in `ab`
    if (!this.#shardDirs.has(top)) syncs.push(fsyncDir(this.root)); // the entry for `ab` in the root
    await Promise.all(syncs);
    this.#shardDirs.add(top);
    this.#shardDirs.add(dir);
  }

  async #removeStaleTemps(): Promise<void> {
    const now = Date.now();
    for (const name of await readdirIfExists(this.#tmp)) {
      const path = join(this.#tmp, name);
      const writer = TEMP_RE.exec(name);
      let stale = writer !== null && writer[1] === HOST && !isProcessAlive(Number(writer[2]));
      if (!stale) {
        const st = await stat(path).catch(() => undefined);
        stale = st !== undefined && now - st.mtimeMs > STALE_TEMP_AGE_MS;
      }
      if (stale) await rm(path, { force: true, recursive: true });
    }
  }
}

/** Bytes gathered from the body before one `writev`: few, large writes instead of one per piece. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** Buffers per `writev`, well under IOV_MAX (1024 on Linux). */
const MAX_IOVECS = 512;

/** Writes the pieces in order, gathering up to WRITE_BATCH_BYTES into each `writev` call. */
async function writeBatched(file: FileHandle, pieces: AsyncIterable<Uint8Array>): Promise<void> {
  let batch: Uint8Array[] = [];
  let batched = 0;
  for await (const piece of pieces) {
    batch.push(piece);
    batched += piece.byteLength;
    if (batched >= WRITE_BATCH_BYTES || batch.length >= MAX_IOVECS) {
      await writevAll(file, batch, batched);
      batch = [];
      batched = 0;
    }
  }
  if (batched > 0) await writevAll(file, batch, batched);
}

/** `writev` that carries on after a short write (possible, if rare, for regular files). */
async function writevAll(file: FileHandle, buffers: Uint8Array[], total: number): Promise<void> {
  let { bytesWritten } = await file.writev(buffers);
  while (bytesWritten < total) {
    // Drop what was written and retry the rest.
    let skip = bytesWritten;
    const rest: Uint8Array[] = [];
    for (const b of buffers) {
      if (skip >= b.byteLength) {
        skip -= b.byteLength;
        continue;
      }
      rest.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
    buffers = rest;
    total -= bytesWritten;
    ({ bytesWritten } = await file.writev(buffers));
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errorCode(err) === "ENOENT") return false;
    throw err;
  }
}

async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return [];
    throw err;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) !== "ESRCH"; // EPERM: alive, owned by someone else
  }
}

function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String(err.code) : undefined;
}
