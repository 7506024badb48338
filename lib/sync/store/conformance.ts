/**
 * The SyncStore conformance suite: the contract in `sync-store.ts` as tests, run against every
 * adapter (memory in Node, IndexedDB in Chromium). `make` returns a fresh, empty store, and may
 * return `reopen` (close and open the same data again) to check what survives.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { PendingOp } from "../outbox";
import { file, folder } from "../testing/fixtures";
import type { SyncStore } from "./sync-store";

export type MakeSyncStore = () => Promise<{
  store: SyncStore;
  reopen?: () => Promise<SyncStore>;
  cleanup?: () => Promise<void>;
}>;

const op = (opId: string, extra: Partial<PendingOp> = {}): PendingOp =>
  ({
    opId,
    seq: 0,
    kind: "rename",
    args: { id: "a", name: opId },
    intent: { id: "a", name: opId },
    createdAt: 1,
    attempts: 0,
    ...extra,
  }) as PendingOp;

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();

export function runSyncStoreConformance(name: string, make: MakeSyncStore): void {
  describe(`SyncStore conformance: ${name}`, () => {
    let cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.reverse()) await c();
      cleanups = [];
    });
    const open = async () => {
      const made = await make();
      cleanups.push(async () => {
        await made.store.close().catch(() => {});
        await made.cleanup?.();
      });
      return made;
    };

    test("a new store is empty: no nodes, no cursor, no ops", async () => {
      const { store } = await open();
      expect(await store.allNodes()).toEqual([]);
      expect(await store.getCursor()).toBeNull();
      expect(await store.listOps()).toEqual([]);
      expect(await store.getNode("x")).toBeUndefined();
    });

    test("put nodes read back equal, by id, by parent and all together", async () => {
      const { store } = await open();
      const a = folder("a", "root", "A");
      const f = file("f", "a", "f.txt");
      await store.write({ puts: [folder("root", null, ""), a, f] });
      expect(await store.getNode("f")).toEqual(f);
      expect(ids(await store.childrenOf("a"))).toEqual(["f"]);
      expect(ids(await store.childrenOf("root"))).toEqual(["a"]);
      expect(ids(await store.allNodes())).toEqual(["a", "f", "root"]);
    });

    test("a put replaces the whole node, and moving it changes which parent lists it", async () => {
      const { store } = await open();
      await store.write({
        puts: [folder("a", "root", "A"), folder("b", "root", "B"), file("f", "a", "f.txt")],
      });
      await store.write({ puts: [file("f", "b", "g.txt", { rev: 2 })] });
      expect(await store.childrenOf("a")).toEqual([]);
      expect(await store.childrenOf("b")).toEqual([file("f", "b", "g.txt", { rev: 2 })]);
    });

    test("deletes remove nodes; unknown ids are ignored", async () => {
      const { store } = await open();
      await store.write({ puts: [folder("a", "root", "A"), folder("b", "root", "B")] });
      await store.write({ deletes: ["a", "nope"] });
      expect(ids(await store.allNodes())).toEqual(["b"]);
    });

    test("a page's nodes and its cursor are written together", async () => {
      const { store } = await open();
      await store.write({ puts: [folder("a", "root", "A")], cursor: "c1" });
      expect(await store.getCursor()).toBe("c1");
      await store.write({ puts: [folder("b", "root", "B")] });
      expect(await store.getCursor()).toBe("c1"); // omitted: unchanged
      await store.write({ cursor: null });
      expect(await store.getCursor()).toBeNull();
    });

    test("a write that fails changes nothing: no node, no cursor, no op of it is visible", async () => {
      const { store } = await open();
      await store.write({ puts: [folder("a", "root", "A")], cursor: "c1", addOps: [op("x")] });
      await expect(
        store.write({
          puts: [folder("b", "root", "B")],
          deletes: ["a"],
          cursor: "c2",
          removeOps: [],
          addOps: [op("y"), op("x")],
        }),
      ).rejects.toThrow();
      expect(ids(await store.allNodes())).toEqual(["a"]);
      expect(await store.getCursor()).toBe("c1");
      expect((await store.listOps()).map((o) => o.opId)).toEqual(["x"]);
    });

    test("clearNodes empties the index (a rebuild) but keeps the outbox", async () => {
      const { store } = await open();
      await store.write({ puts: [folder("a", "root", "A")], cursor: "c1", addOps: [op("x")] });
      await store.write({ clearNodes: true, cursor: null, puts: [folder("root", null, "")] });
      expect(ids(await store.allNodes())).toEqual(["root"]);
      expect(await store.getCursor()).toBeNull();
      expect((await store.listOps()).map((o) => o.opId)).toEqual(["x"]);
    });

    test("added ops get increasing seqs and are listed in that order", async () => {
      const { store } = await open();
      const first = await store.write({ addOps: [op("b"), op("a")] });
      const second = await store.write({ addOps: [op("c")] });
      const seqs = [...first.seqs, ...second.seqs];
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(3);
      const listed = await store.listOps();
      expect(listed.map((o) => o.opId)).toEqual(["b", "a", "c"]);
      expect(listed.map((o) => o.seq)).toEqual(seqs);
    });

    test("adding an opId already queued is refused", async () => {
      const { store } = await open();
      await store.write({ addOps: [op("x")] });
      await expect(store.write({ addOps: [op("x")] })).rejects.toThrow();
    });

    test("an update replaces an op by opId and keeps its place; an op no longer queued is ignored", async () => {
      const { store } = await open();
      const { seqs } = await store.write({ addOps: [op("x"), op("y")] });
      await store.write({ updateOps: [op("x", { seq: 999, attempts: 3, notBefore: 50 }), op("gone")] });
      const listed = await store.listOps();
      expect(listed.map((o) => [o.opId, o.seq, o.attempts])).toEqual([
        ["x", seqs[0], 3],
        ["y", seqs[1], 0],
      ]);
      expect(listed[0]!.notBefore).toBe(50);
    });

    test("remove takes ops out by opId; unknown opIds are ignored", async () => {
      const { store } = await open();
      await store.write({ addOps: [op("x"), op("y")] });
      await store.write({ removeOps: ["x", "nope"] });
      expect((await store.listOps()).map((o) => o.opId)).toEqual(["y"]);
    });

    test("an op removed and settled in one batch with the result's nodes", async () => {
      const { store } = await open();
      await store.write({ addOps: [op("x")] });
      await store.write({ puts: [folder("a", "root", "x", { rev: 2 })], removeOps: ["x"] });
      expect(await store.listOps()).toEqual([]);
      expect((await store.getNode("a"))?.name).toBe("x");
    });

    test("reads return copies: changing them changes nothing stored", async () => {
      const { store } = await open();
      await store.write({ puts: [folder("a", "root", "A")], addOps: [op("x")] });
      const n = (await store.getNode("a"))!;
      n.name = "mutated";
      (await store.listOps())[0]!.attempts = 42;
      expect((await store.getNode("a"))!.name).toBe("A");
      expect((await store.listOps())[0]!.attempts).toBe(0);
    });

    test("everything written survives closing and opening the store again", async () => {
      const made = await open();
      if (!made.reopen) return;
      await made.store.write({ puts: [folder("a", "root", "A")], cursor: "c5", addOps: [op("x"), op("y")] });
      await made.store.close();
      const again = await made.reopen();
      cleanups.push(() => again.close());
      expect(ids(await again.allNodes())).toEqual(["a"]);
      expect(await again.getCursor()).toBe("c5");
      expect((await again.listOps()).map((o) => o.opId)).toEqual(["x", "y"]);
      const { seqs } = await again.write({ addOps: [op("z")] });
      expect(seqs[0]).toBeGreaterThan((await again.listOps())[1]!.seq);
    });
  });
}
