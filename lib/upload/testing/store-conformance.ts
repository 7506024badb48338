/**
 * One test suite for every UploadStore adapter (memory, IndexedDB): the same cases, looped over
 * adapters rather than copied. Used only by tests.
 */
import { describe, expect, test } from "vitest";
import { hashChunk } from "@/lib/chunking";
import type { UploadStore } from "../store";
import type { UploadSource } from "../types";

export interface StoreHarness<S extends UploadSource> {
  store: UploadStore<S>;
  /** The same persisted queue, opened again (a reload). */
  reopen(): Promise<UploadStore<S>>;
}

export function runUploadStoreConformance<S extends UploadSource>(
  name: string,
  open: () => Promise<StoreHarness<S>>,
  sourceOf: (bytes: Uint8Array) => S,
  options: { exclusiveClaims: boolean },
): void {
  const bytes = new TextEncoder().encode("the bytes of a file to upload");
  const record = (id: string, createdAt: number) => ({
    id,
    name: `${id}.txt`,
    size: bytes.length,
    parentId: "folder-1",
    dirs: ["Trip", "Day 1"],
    opId: `op-${id}`,
    createdAt,
    owner: "user-1",
    source: sourceOf(bytes),
  });

  describe(`UploadStore: ${name}`, () => {
    test("a saved upload is listed with its metadata and readable source, oldest first", async () => {
      const { store } = await open();
      await store.add(record("b", 2));
      await store.add(record("a", 1));
      const list = await store.list();
      expect(list.map((r) => r.id)).toEqual(["a", "b"]);
      const { source, ...meta } = list[0]!;
      expect(meta).toMatchObject({
        name: "a.txt",
        parentId: "folder-1",
        dirs: ["Trip", "Day 1"],
        opId: "op-a",
        owner: "user-1",
      });
      expect(source.size).toBe(bytes.length);
      expect(await source.slice(4, 5)).toEqual(bytes.slice(4, 9));
    });

    test("the chunk list is saved after the source, and everything survives a reopen", async () => {
      const { store, reopen } = await open();
      await store.add(record("c", 1));
      const hash = await hashChunk(bytes);
      await store.saveChunks("c", [{ offset: 0, size: bytes.length, hash }]);
      const again = await reopen();
      const [saved] = await again.list();
      expect(saved?.chunks).toEqual([{ offset: 0, size: bytes.length, hash }]);
      expect(await saved!.source.slice(0, bytes.length)).toEqual(bytes);
    });

    test("a removed upload is gone; removing an unknown one is not an error", async () => {
      const { store, reopen } = await open();
      await store.add(record("d", 1));
      await store.remove("d");
      await store.remove("never-saved");
      await store.saveChunks("never-saved", []);
      expect(await store.list()).toEqual([]);
      expect(await (await reopen()).list()).toEqual([]);
    });

    if (options.exclusiveClaims) {
      test("an upload is claimed by one runner at a time", async () => {
        const { store } = await open();
        const release = await store.claim!("e");
        expect(release).toBeTypeOf("function");
        expect(await store.claim!("e")).toBeUndefined();
        release!();
        expect(await store.claim!("e")).toBeTypeOf("function");
      });
    }
  });
}
