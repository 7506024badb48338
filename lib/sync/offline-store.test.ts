// IndexedDB in Node: fake-indexeddb implements the IndexedDB API in memory.
import "fake-indexeddb/auto";
import { expect, test } from "vitest";
import { chunkBytes, contentHash, xorshift32Bytes } from "@/lib/chunking";
import { ContentMismatchError, chunkRefs, OfflineStore } from "./offline-store";

let n = 0;
const openStore = () =>
  OfflineStore.open("user", { databaseName: `cairn-offline-test-${process.pid}-${n++}` });

/** A real chunk list (seeded bytes: the same cuts every run) and its content hash. */
async function content(size: number, seed: number) {
  const chunks = await chunkBytes(xorshift32Bytes(size, seed));
  return { chunks: chunkRefs(chunks), size, contentHash: await contentHash(chunks.map((c) => c.hash)) };
}

test("a chunk list is stored under its content hash and read back", async () => {
  const store = await openStore();
  const c = await content(3 * 1024 * 1024, 0x5eed_0101);
  expect(c.chunks.length).toBeGreaterThan(1);
  await store.putContent(c);
  expect(await store.getContent(c.contentHash)).toEqual(c);
  expect(await store.getContent("0".repeat(64))).toBeUndefined();
});

test("a chunk list that does not hash to its name, or does not add up to its size, is refused", async () => {
  const store = await openStore();
  const c = await content(300 * 1024, 0x5eed_0102);
  await expect(store.putContent({ ...c, contentHash: "f".repeat(64) })).rejects.toBeInstanceOf(
    ContentMismatchError,
  );
  await expect(store.putContent({ ...c, size: c.size + 1 })).rejects.toBeInstanceOf(ContentMismatchError);
  expect(await store.getContent(c.contentHash)).toBeUndefined();
});

test("choices and held files are kept until removed; pruning keeps only the listed contents", async () => {
  const store = await openStore();
  await store.choose("folder-1", 10);
  await store.choose("file-2", 20);
  await store.unchoose("file-2");
  expect(await store.listChoices()).toEqual([{ nodeId: "folder-1", chosenAt: 10 }]);
  const [a, b] = await Promise.all([content(1000, 0x5eed_0103), content(2000, 0x5eed_0104)]);
  await store.putContent(a);
  await store.putContent(b);
  await store.putHeld({ fileId: "f", versionId: "v", contentHash: a.contentHash, size: a.size, number: 3 });
  expect(await store.listHeld()).toEqual([
    { fileId: "f", versionId: "v", contentHash: a.contentHash, size: a.size, number: 3 },
  ]);
  expect(await store.pruneContents(new Set([a.contentHash]))).toBe(1);
  expect(await store.getContent(a.contentHash)).toBeDefined();
  expect(await store.getContent(b.contentHash)).toBeUndefined();
  await store.removeHeld("f");
  expect(await store.listHeld()).toEqual([]);
});
