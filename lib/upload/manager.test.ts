import { describe, expect, test } from "vitest";
import { UploadManager, type UploadManagerOptions } from "./manager";
import type { UploadPhase } from "./snapshot";
import { MemoryUploadStore } from "./store";
import {
  FakeClock,
  FakeDrive,
  httpError,
  insertAt,
  MemorySource,
  memoryChunker,
  networkError,
  randomBytes,
} from "./testing/fake-drive";

const MiB = 1024 * 1024;

/** Byte equality without handing megabytes to the diff printer. */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

function setup(overrides: Partial<UploadManagerOptions<MemorySource>> = {}) {
  const drive = new FakeDrive();
  const clock = new FakeClock();
  const chunker = memoryChunker();
  const store = new MemoryUploadStore<MemorySource>();
  let n = 0;
  const manager = new UploadManager<MemorySource>({
    api: drive,
    chunker,
    store,
    clock,
    random: () => 0.5,
    newId: () => `id-${++n}`,
    deviceName: "Test",
    ...overrides,
  });
  const phases = new Map<string, UploadPhase[]>();
  manager.subscribe(() => {
    for (const item of manager.getSnapshot().items) {
      const seen = phases.get(item.id) ?? [];
      if (seen.at(-1) !== item.phase) seen.push(item.phase);
      phases.set(item.id, seen);
    }
  });
  const item = (id: string) => manager.getSnapshot().items.find((i) => i.id === id)!;
  return { drive, clock, chunker, store, manager, phases, item };
}

/** Polls (on real timers) until `predicate` holds. */
async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; !predicate(); i++) {
    if (i > 2000) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Resolves once the predicate holds for the manager's snapshot. */
function until(manager: UploadManager<MemorySource>, predicate: () => boolean): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = manager.subscribe(() => {
      if (predicate()) {
        stop();
        resolve();
      }
    });
  });
}

describe("UploadManager", () => {
  test("a new file goes through every phase, and the server ends up with its exact bytes", async () => {
    const { drive, manager, phases, item } = setup();
    const bytes = randomBytes(5 * MiB + 123, 1);
    const [id] = manager.add([{ source: new MemorySource(bytes), name: "a.bin", parentId: drive.rootId }]);
    await manager.idle();
    // Queued again between hashing and preparing: hashed, waiting for its turn on the network.
    expect(phases.get(id!)).toEqual([
      "queued",
      "hashing",
      "queued",
      "preparing",
      "sending",
      "committing",
      "done",
    ]);
    const done = item(id!);
    expect(done.bytesHashed).toBe(bytes.length);
    expect(done.bytesSent).toBe(bytes.length);
    expect(done.bytesSkipped).toBe(0);
    expect(done.replacedExisting).toBe(false);
    const file = drive.child(drive.rootId, "a.bin")!;
    expect(same(drive.content(file.id), bytes)).toBe(true);
  });

  test("uploading a name a file already has makes a new version, sending only the changed chunks", async () => {
    const { drive, manager, item } = setup();
    const original = randomBytes(16 * MiB, 2);
    manager.add([{ source: new MemorySource(original), name: "big.bin", parentId: drive.rootId }]);
    await manager.idle();
    const putsBefore = drive.count("putBlock");

    const edited = insertAt(original, 8 * MiB, new TextEncoder().encode("an edit in the middle"));
    const source = new MemorySource(edited);
    const [id] = manager.add([{ source, name: "BIG.bin", parentId: drive.rootId }]);
    await manager.idle();

    const second = item(id!);
    expect(second.phase).toBe("done");
    expect(second.replacedExisting).toBe(true);
    expect(second.result?.versionNumber).toBe(2);
    expect(second.result?.conflict).toBeNull();
    const sent = drive.count("putBlock") - putsBefore;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(3);
    expect(second.bytesSkipped).toBeGreaterThan(edited.length * 0.8);
    expect(second.bytesSent + second.bytesSkipped).toBe(edited.length);
    // Only the ranges sent were read back from the source.
    expect(source.reads.reduce((n, r) => n + r.size, 0)).toBe(second.bytesSent);
    const file = drive.child(drive.rootId, "big.bin")!;
    expect(same(drive.content(file.id), edited)).toBe(true);
  });

  test("uploading the same bytes under a name that has them commits nothing new", async () => {
    const { drive, manager, item } = setup();
    const bytes = randomBytes(3 * MiB, 21);
    manager.add([{ source: new MemorySource(bytes), name: "same.bin", parentId: drive.rootId }]);
    await manager.idle();
    const [id] = manager.add([{ source: new MemorySource(bytes), name: "same.bin", parentId: drive.rootId }]);
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    expect(item(id!).result).toMatchObject({ unchanged: true, versionNumber: 1 });
    expect(item(id!).bytesSkipped).toBe(bytes.length);
    expect(drive.count("commitFile")).toBe(1);
    expect(drive.child(drive.rootId, "same.bin")!.versions).toHaveLength(1);
  });

  test("no more than four chunks are in flight at once, across all uploads", async () => {
    const { drive, manager } = setup();
    manager.add([
      { source: new MemorySource(randomBytes(12 * MiB, 3)), name: "x", parentId: drive.rootId },
      { source: new MemorySource(randomBytes(12 * MiB, 4)), name: "y", parentId: drive.rootId },
    ]);
    await manager.idle();
    expect(drive.count("putBlock")).toBeGreaterThan(8);
    expect(drive.maxInFlightPuts).toBe(4);
  });

  test("a PUT that fails with a network error, 503 or 429 is retried with growing, jittered pauses", async () => {
    const jitter = [0.1, 0.9, 0.5, 0.3];
    const { drive, clock, manager, item } = setup({ random: () => jitter.shift() ?? 0.5 });
    const bytes = randomBytes(3 * MiB, 5);
    const source = new MemorySource(bytes);
    const first = (
      await memoryChunker()(source, { onProgress() {}, signal: new AbortController().signal })
    )[0]!;
    drive.fail({ op: "putBlock", hash: first.hash, error: networkError });
    drive.fail({ op: "putBlock", hash: first.hash, error: () => httpError(503) });
    drive.fail({ op: "putBlock", hash: first.hash, error: () => httpError(429) });
    const [id] = manager.add([{ source, name: "r.bin", parentId: drive.rootId }]);
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    expect(drive.calls.filter((c) => c.hash === first.hash)).toHaveLength(4);
    // base 500 ms doubling, times a factor in [0.5, 1.5): 500·0.6, 1000·1.4, 2000·1.0
    expect(clock.sleeps).toEqual([300, 1400, 2000]);
    expect(same(drive.content(drive.child(drive.rootId, "r.bin")!.id), bytes)).toBe(true);
  });

  test("a PUT refused with a 4xx is not retried: the upload fails and says why", async () => {
    const { drive, clock, manager, item } = setup();
    drive.fail({ op: "putBlock", error: () => httpError(400, "HASH_MISMATCH") });
    const [id] = manager.add([
      { source: new MemorySource(randomBytes(MiB, 6)), name: "f", parentId: drive.rootId },
    ]);
    await manager.idle();
    const failed = item(id!);
    expect(failed.phase).toBe("failed");
    expect(failed.error?.code).toBe("FILE_CHANGED");
    expect(drive.count("putBlock")).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(drive.count("commitFile")).toBe(0);
  });

  test("when retries run out the upload fails; Retry finishes it, sending only what is still missing", async () => {
    const { drive, chunker, manager, item } = setup({
      putConcurrency: 1,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    const bytes = randomBytes(6 * MiB, 7);
    const source = new MemorySource(bytes);
    const chunks = await memoryChunker()(source, { onProgress() {}, signal: new AbortController().signal });
    const third = chunks[2]!;
    drive.fail({ op: "putBlock", hash: third.hash, error: () => httpError(502), times: 3 });
    const [id] = manager.add([{ source, name: "flaky.bin", parentId: drive.rootId }]);
    await manager.idle();
    expect(item(id!).phase).toBe("failed");
    expect(item(id!).error?.code).toBe("SERVER_ERROR");
    const stored = [...drive.puts.keys()];
    expect(stored).toEqual([chunks[0]!.hash, chunks[1]!.hash]);

    expect(manager.retry(id!)).toBe(true);
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    expect(chunker.runs).toBe(1); // the chunk list was kept: no second hashing
    for (const c of chunks) expect(drive.puts.get(c.hash)).toBe(1);
    expect(same(drive.content(drive.child(drive.rootId, "flaky.bin")!.id), bytes)).toBe(true);
  });

  test("cancel stops the PUTs in flight, forgets the upload, and Retry starts it again", async () => {
    const { drive, store, manager, item } = setup();
    const release = drive.hold("putBlock");
    const [id] = manager.add([
      { source: new MemorySource(randomBytes(6 * MiB, 8)), name: "c.bin", parentId: drive.rootId },
    ]);
    await until(manager, () => item(id!).phase === "sending");
    expect(store.records.has(id!)).toBe(true);
    expect(manager.cancel(id!)).toBe(true);
    await manager.idle();
    expect(item(id!).phase).toBe("cancelled");
    expect(drive.count("commitFile")).toBe(0);
    await Promise.resolve();
    expect(store.records.has(id!)).toBe(false);
    release();

    expect(manager.retry(id!)).toBe(true);
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    await Promise.resolve();
    expect(store.records.size).toBe(0);
  });

  test("a commit whose answer was lost is sent again with the same opId and applied once", async () => {
    const { drive, manager, item } = setup();
    drive.fail({ op: "commitFile", after: true, error: networkError });
    const [id] = manager.add([
      { source: new MemorySource(randomBytes(2 * MiB, 9)), name: "once", parentId: drive.rootId },
    ]);
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    expect(drive.count("commitFile")).toBe(2);
    expect([...drive.nodes.values()].filter((n) => n.kind === "file")).toHaveLength(1);
    expect(item(id!).result?.conflict).toBeNull();
  });

  test("after a reload, a stored upload resumes by itself: no hashing, and stored chunks are not sent again", async () => {
    const first = setup({ putConcurrency: 1 });
    const bytes = randomBytes(10 * MiB, 10);
    // Three PUTs land, the fourth never answers: the page is reloaded while it is in flight.
    first.drive.hangAfter("putBlock", 3);
    const [id] = first.manager.add([
      { source: new MemorySource(bytes), name: "resume.bin", parentId: first.drive.rootId },
    ]);
    await waitFor(() => first.drive.count("putBlock") === 4);
    const storedBefore = new Map(first.drive.puts);
    expect(storedBefore.size).toBe(3);
    const record = first.store.records.get(id!)!;
    expect(record.chunks!.length).toBeGreaterThan(4);

    // The reloaded page: a new manager over the same saved queue (the old page's claims died with it).
    const saved = new MemoryUploadStore<MemorySource>();
    for (const [key, value] of first.store.records) saved.records.set(key, value);
    const chunker = memoryChunker();
    let n = 100;
    const second = new UploadManager<MemorySource>({
      api: first.drive,
      chunker,
      store: saved,
      clock: new FakeClock(),
      random: () => 0.5,
      newId: () => `id-${++n}`,
    });
    first.drive.hangAfter("putBlock", Number.POSITIVE_INFINITY);
    expect(await second.resume()).toBe(1);
    await second.idle();

    const resumed = second.getSnapshot().items[0]!;
    expect(resumed.phase).toBe("done");
    expect(resumed.resumed).toBe(true);
    expect(chunker.runs).toBe(0);
    for (const c of record.chunks!) expect(first.drive.puts.get(c.hash)).toBe(1);
    const skipped = [...storedBefore.keys()].reduce(
      (sum, h) => sum + record.chunks!.find((c) => c.hash === h)!.size,
      0,
    );
    expect(resumed.bytesSkipped).toBe(skipped);
    expect(first.drive.count("commitFile")).toBe(1);
    expect(same(first.drive.content(first.drive.child(first.drive.rootId, "resume.bin")!.id), bytes)).toBe(
      true,
    );
    await Promise.resolve();
    expect(saved.records.size).toBe(0);
    first.manager.cancelAll();
    await first.manager.idle();
  });

  test("a stored upload another tab is running is not resumed twice", async () => {
    const { store, drive, manager } = setup();
    const bytes = randomBytes(MiB, 11);
    await store.add({
      id: "theirs",
      name: "t",
      size: bytes.length,
      parentId: drive.rootId,
      dirs: [],
      opId: "op",
      createdAt: 1,
      source: new MemorySource(bytes),
    });
    const release = await store.claim("theirs");
    expect(await manager.resume()).toBe(0);
    release?.();
  });

  test("only the signed-in user's saved uploads are resumed, and new ones are saved as theirs", async () => {
    const { store, drive, manager } = setup();
    const bytes = randomBytes(1000, 12);
    for (const owner of ["alice", "bob"]) {
      await store.add({
        id: `of-${owner}`,
        name: `${owner}.txt`,
        size: bytes.length,
        parentId: drive.rootId,
        dirs: [],
        opId: `op-${owner}`,
        createdAt: 1,
        owner,
        source: new MemorySource(bytes),
      });
    }
    expect(await manager.resume("alice")).toBe(1);
    await manager.idle();
    expect(drive.child(drive.rootId, "alice.txt")).toBeDefined();
    expect(drive.child(drive.rootId, "bob.txt")).toBeUndefined();
    expect(store.records.has("of-bob")).toBe(true);
    const hold = drive.hold("prepareUpload");
    const [id] = manager.add([{ source: new MemorySource(bytes), name: "new.txt", parentId: drive.rootId }]);
    await waitFor(() => drive.count("prepareUpload") > 1);
    expect(store.records.get(id!)?.owner).toBe("alice");
    hold();
    await manager.idle();
  });

  test("dropped folders are created once, reused when they exist (in any case), and shared by their files", async () => {
    const { drive, manager } = setup();
    const existing = await drive.ensureFolder(drive.rootId, "Photos", new AbortController().signal);
    drive.calls.length = 0;
    const files = ["a", "b", "c"].map((name) => ({
      source: new MemorySource(randomBytes(1000, name.charCodeAt(0))),
      name,
      parentId: drive.rootId,
      dirs: ["photos", "2026"],
    }));
    const changed: string[] = [];
    manager.onTreeChange((id) => changed.push(id));
    manager.add([...files, { ...files[0]!, dirs: ["photos", "2026", "Trip"] }]);
    await manager.ensureFolders(drive.rootId, [["Photos", "empty"]]);
    await manager.idle();
    expect(drive.count("ensureFolder")).toBe(4); // photos, 2026, Trip, empty
    const year = drive.child(existing, "2026")!;
    expect(drive.child(year.id, "a")?.kind).toBe("file");
    expect(drive.child(drive.child(year.id, "Trip")!.id, "a")?.kind).toBe("file");
    expect(drive.child(existing, "empty")?.kind).toBe("folder");
    expect(changed).toContain(drive.rootId);
    expect(changed).toContain(year.id);
  });

  test("a file in the way of a folder fails the uploads below it with TARGET_MISSING", async () => {
    const { drive, manager, item } = setup();
    manager.add([{ source: new MemorySource(randomBytes(10, 1)), name: "docs", parentId: drive.rootId }]);
    await manager.idle();
    const [id] = manager.add([
      { source: new MemorySource(randomBytes(10, 2)), name: "x", parentId: drive.rootId, dirs: ["docs"] },
    ]);
    await manager.idle();
    expect(item(id!).phase).toBe("failed");
    expect(item(id!).error?.code).toBe("TARGET_MISSING");
  });

  test("an empty file is committed without any PUT", async () => {
    const { drive, manager, item } = setup();
    const [id] = manager.add([
      { source: new MemorySource(new Uint8Array(0)), name: "empty", parentId: drive.rootId },
    ]);
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    expect(drive.count("putBlock")).toBe(0);
    expect(drive.count("prepareUpload")).toBe(0);
    expect(drive.child(drive.rootId, "empty")?.versions[0]?.size).toBe(0);
  });

  test("a chunk lost between sending and committing is sent again and the commit retried once", async () => {
    const { drive, manager, item } = setup();
    const bytes = randomBytes(2 * MiB, 12);
    const release = drive.hold("commitFile");
    const [id] = manager.add([{ source: new MemorySource(bytes), name: "lost", parentId: drive.rootId }]);
    await until(manager, () => item(id!).phase === "committing");
    const [lost] = drive.held;
    drive.held.delete(lost!);
    release();
    await manager.idle();
    expect(item(id!).phase).toBe("done");
    expect(drive.puts.get(lost!)).toBe(2);
    expect(drive.count("commitFile")).toBe(2);
  });

  test("progress reports sending speed and the time left on the injected clock", async () => {
    const { drive, clock, manager, item } = setup({ putConcurrency: 1 });
    drive.hangAfter("putBlock", 2);
    const [id] = manager.add([
      { source: new MemorySource(randomBytes(8 * MiB, 13)), name: "p", parentId: drive.rootId },
    ]);
    await until(manager, () => item(id!).phase === "sending");
    await waitFor(() => drive.count("putBlock") === 3);
    clock.advance(1000); // the two PUTs took a second: publishes
    const sending = item(id!);
    expect(sending.bytesSent).toBeGreaterThan(0);
    expect(sending.speed).toBeCloseTo(sending.bytesSent, 5);
    expect(sending.secondsLeft).toBeCloseTo((sending.bytesToSend! - sending.bytesSent) / sending.speed!, 5);
    const totals = manager.getSnapshot().totals;
    expect(totals.active).toBe(1);
    expect(totals.bytesUploaded).toBe(sending.bytesSent + sending.bytesSkipped);
    manager.cancel(id!);
    await manager.idle();
    expect(manager.getSnapshot().totals).toMatchObject({ active: 0, cancelled: 1, bytes: 0 });
  });

  test("hashing progress is reported as the chunker goes", async () => {
    const inner = memoryChunker();
    const clock = new FakeClock();
    const { drive, manager, item } = setup({
      clock,
      // Each chunk takes 100 ms of (fake) time, so throttled progress gets published.
      chunker: (source, options) =>
        inner(source, {
          ...options,
          onProgress: (n) => {
            clock.advance(100);
            options.onProgress(n);
          },
        }),
    });
    const seen: number[] = [];
    manager.subscribe(() => {
      const i = manager.getSnapshot().items[0];
      if (i?.phase === "hashing") seen.push(i.bytesHashed);
    });
    const [id] = manager.add([
      { source: new MemorySource(randomBytes(6 * MiB, 14)), name: "h", parentId: drive.rootId },
    ]);
    await manager.idle();
    expect(item(id!).bytesHashed).toBe(6 * MiB);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.some((n) => n > 0 && n < 6 * MiB)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  test("a finished upload keeps the same view object while others progress, so a UI can skip it", async () => {
    const { drive, clock, manager, item } = setup({ putConcurrency: 1 });
    const [first] = manager.add([
      { source: new MemorySource(randomBytes(100, 1)), name: "done", parentId: drive.rootId },
    ]);
    await manager.idle();
    const before = item(first!);
    drive.hangAfter("putBlock", 2);
    const [second] = manager.add([
      { source: new MemorySource(randomBytes(6 * MiB, 2)), name: "busy", parentId: drive.rootId },
    ]);
    await waitFor(() => drive.count("putBlock") === 3);
    clock.advance(1000);
    expect(item(second!).bytesSent).toBeGreaterThan(0);
    expect(item(first!)).toBe(before);
    manager.cancel(second!);
    await manager.idle();
  });

  test("clearFinished drops finished uploads from the list but keeps running ones", async () => {
    const { drive, manager } = setup();
    manager.add([{ source: new MemorySource(randomBytes(100, 1)), name: "one", parentId: drive.rootId }]);
    await manager.idle();
    const release = drive.hold("putBlock");
    manager.add([{ source: new MemorySource(randomBytes(100, 2)), name: "two", parentId: drive.rootId }]);
    await until(manager, () => manager.getSnapshot().items.some((i) => i.phase === "sending"));
    manager.clearFinished();
    expect(manager.getSnapshot().items.map((i) => i.name)).toEqual(["two"]);
    release();
    await manager.idle();
  });
});
