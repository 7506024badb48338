import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { applyChanges, applyResult, isNewer } from "./apply-changes";
import { NodeIndex } from "./node-index";
import { entry, file, folder, indexOf, page, ROOT, root } from "./testing/fixtures";
import { isVisible, listChildren } from "./tree-view";
import type { ChangePage, IndexNode } from "./types";

/** Applies pages to an index the way the engine does and returns it. */
function run(index: NodeIndex, ...pages: ChangePage[]): NodeIndex {
  for (const p of pages) index.apply(applyChanges(index, p));
  return index;
}

const sorted = (index: NodeIndex) => [...index.all()].sort((a, b) => a.id.localeCompare(b.id));

describe("applyChanges", () => {
  test("a CREATE adds the node, and the new cursor is the page's cursor", () => {
    const a = folder("a", ROOT, "A");
    const result = applyChanges(indexOf(), page([entry("CREATE", a)], "cursor-7"));
    expect(result).toEqual({ puts: [a], deletes: [], cursor: "cursor-7" });
  });

  test.each([
    { held: 3, snapshot: 4, replaced: true },
    { held: 3, snapshot: 3, replaced: false },
    { held: 3, snapshot: 2, replaced: false },
  ])("a snapshot with rev $snapshot replaces a held rev $held: $replaced", ({ held, snapshot, replaced }) => {
    const index = indexOf(folder("a", ROOT, "old", { rev: held }));
    const result = applyChanges(index, page([entry("RENAME", folder("a", ROOT, "new", { rev: snapshot }))]));
    expect(result.puts.map((n) => n.name)).toEqual(replaced ? ["new"] : []);
  });

  test("a node the index does not hold is taken whatever its rev", () => {
    expect(isNewer(folder("a", ROOT, "A", { rev: 9 }), undefined)).toBe(true);
  });

  test("a mutation result applied early, then the same entry from the feed, changes nothing the second time", () => {
    const index = indexOf(folder("a", ROOT, "A", { rev: 1 }));
    const renamed = folder("a", ROOT, "B", { rev: 2 });
    index.apply(applyResult(index, renamed, false));
    const again = applyChanges(index, page([entry("RENAME", renamed)]));
    expect(again.puts).toEqual([]);
    expect(index.get("a")!.name).toBe("B");
  });

  test("an older entry arriving after a newer result does not roll the node back", () => {
    const index = indexOf(folder("a", ROOT, "A", { rev: 1 }));
    index.apply(applyResult(index, folder("a", ROOT, "C", { rev: 3 }), false));
    run(index, page([entry("RENAME", folder("a", ROOT, "B", { rev: 2 }))]));
    expect(index.get("a")!.name).toBe("C");
  });

  test("entries of one page apply in order", () => {
    const index = run(
      indexOf(),
      page([
        entry("CREATE", folder("a", ROOT, "A")),
        entry("CREATE", folder("b", ROOT, "B")),
        entry("MOVE", folder("a", "b", "A", { rev: 2 })),
        entry("RENAME", folder("a", "b", "A2", { rev: 3 })),
      ]),
    );
    expect(index.get("a")).toMatchObject({ parentId: "b", name: "A2", rev: 3 });
  });

  test("DELETE removes the node and everything below it", () => {
    const index = indexOf(
      folder("a", ROOT, "A"),
      folder("b", "a", "B"),
      file("f", "b", "f.txt"),
      folder("c", ROOT, "C"),
    );
    const result = applyChanges(
      index,
      page([entry("DELETE", folder("a", ROOT, "A", { rev: 3, trashedAt: "2026-11-24T11:00:00.000Z" }))]),
    );
    expect(result.deletes.sort()).toEqual(["a", "b", "f"]);
    expect(result.puts).toEqual([]);
  });

  test("DELETE also removes what earlier entries of the same page created below it", () => {
    const index = run(
      indexOf(folder("a", ROOT, "A")),
      page([entry("CREATE", folder("b", "a", "B")), entry("DELETE", folder("a", ROOT, "A", { rev: 3 }))]),
    );
    expect(sorted(index).map((n) => n.id)).toEqual([ROOT]);
  });

  test("DELETE of a node the index never held still removes its children that it holds", () => {
    const index = run(
      indexOf(file("f", "ghost", "f.txt")),
      page([entry("DELETE", folder("ghost", ROOT, "G", { rev: 4 }))]),
    );
    expect(index.get("f")).toBeUndefined();
  });

  test("a folder moved to another namespace: the old namespace's DELETE and the new one's CREATEs give the same index in either order", () => {
    const OTHER = "22222222-2222-4222-8222-222222222222";
    const before = [folder("a", ROOT, "A", { rev: 1 }), file("f", "a", "f.txt", { rev: 1 })];
    const gone = { ...entry("DELETE", { ...before[0]!, rev: 2 }) };
    const created = [
      {
        ...entry("CREATE", { ...folder("a", "s", "A", { rev: 2 }), namespaceId: OTHER }),
        namespaceId: OTHER,
      },
      {
        ...entry("CREATE", { ...file("f", "a", "f.txt", { rev: 2 }), namespaceId: OTHER }),
        namespaceId: OTHER,
      },
    ];
    const deleteFirst = run(indexOf(...before), page([gone]), page(created));
    const createFirst = run(indexOf(...before), page(created), page([gone]));
    for (const index of [deleteFirst, createFirst]) {
      expect(index.get("a")).toMatchObject({ namespaceId: OTHER, parentId: "s", rev: 2 });
      expect(index.get("f")).toMatchObject({ namespaceId: OTHER, parentId: "a" });
    }
    // A device that follows only the old namespace drops the subtree.
    const onlyOld = run(indexOf(...before), page([gone]));
    expect(onlyOld.get("a")).toBeUndefined();
    expect(onlyOld.get("f")).toBeUndefined();
  });

  test("a page without entries changes nothing but the cursor", () => {
    expect(applyChanges(indexOf(folder("a", ROOT, "A")), page([], "c9"))).toEqual({
      puts: [],
      deletes: [],
      cursor: "c9",
    });
  });

  test("a node that both appears and goes in one page is only deleted", () => {
    const result = applyChanges(
      indexOf(),
      page([entry("CREATE", folder("a", ROOT, "A")), entry("DELETE", folder("a", ROOT, "A", { rev: 2 }))]),
    );
    expect(result).toMatchObject({ puts: [], deletes: [] });
    const held = applyChanges(
      indexOf(folder("a", ROOT, "A")),
      page([
        entry("RENAME", folder("a", ROOT, "B", { rev: 2 })),
        entry("DELETE", folder("a", ROOT, "B", { rev: 3 })),
      ]),
    );
    expect(held).toMatchObject({ puts: [], deletes: ["a"] });
  });
});

describe("trash and restore (derived visibility)", () => {
  const tree = () => indexOf(folder("a", ROOT, "A"), folder("b", "a", "B"), file("f", "b", "f.txt"));
  const trashedAt = "2026-11-24T12:00:00.000Z";

  test("TRASH of a folder hides everything below it, though only the folder is journaled", () => {
    const index = run(tree(), page([entry("TRASH", folder("a", ROOT, "A", { rev: 2, trashedAt }))]));
    expect(["a", "b", "f"].map((id) => isVisible(index, id))).toEqual([false, false, false]);
    expect(index.get("f")!.trashedAt).toBeNull(); // the descendants' own state is untouched
    expect(listChildren(index, ROOT)).toEqual([]);
    expect(listChildren(index, "a").map((n) => n.id)).toEqual(["b"]); // a trashed folder lists what went with it
  });

  test("RESTORE brings the subtree back", () => {
    const index = run(
      tree(),
      page([
        entry("TRASH", folder("a", ROOT, "A", { rev: 2, trashedAt })),
        entry("RESTORE", folder("a", ROOT, "A", { rev: 3 })),
      ]),
    );
    expect(["a", "b", "f"].map((id) => isVisible(index, id))).toEqual([true, true, true]);
  });

  test("an item trashed on its own before its folder was trashed stays in the trash when the folder comes back", () => {
    const index = run(
      tree(),
      page([
        entry("TRASH", file("f", "b", "f.txt", { rev: 2, trashedAt })),
        entry("TRASH", folder("a", ROOT, "A", { rev: 2, trashedAt })),
        entry("RESTORE", folder("a", ROOT, "A", { rev: 3 })),
      ]),
    );
    expect(isVisible(index, "b")).toBe(true);
    expect(isVisible(index, "f")).toBe(false);
  });

  test("a RESTORE to another folder (its own was gone) moves it there", () => {
    const index = run(
      tree(),
      page([
        entry("TRASH", folder("b", "a", "B", { rev: 2, trashedAt })),
        entry("RESTORE", folder("b", ROOT, "B", { rev: 3 })),
      ]),
    );
    expect(index.get("b")!.parentId).toBe(ROOT);
    expect(isVisible(index, "f")).toBe(true);
  });
});

describe("properties", () => {
  // A random history of one small tree: creates, renames, moves (no cycles), trash, restore, delete.
  const history = fc.array(
    fc.tuple(fc.nat(5), fc.nat(5), fc.constantFrom("CREATE", "RENAME", "MOVE", "TRASH", "RESTORE", "DELETE")),
    {
      maxLength: 40,
    },
  );

  function journal(steps: [number, number, string][]) {
    const state = new Map<string, IndexNode>([[ROOT, root()]]);
    const out = [];
    const below = (id: string, maybeAncestor: string): boolean => {
      for (let n = state.get(id); n; n = n.parentId ? state.get(n.parentId) : undefined)
        if (n.id === maybeAncestor) return true;
      return false;
    };
    for (const [i, j, op] of steps) {
      const id = `n${i}`;
      const target = j === 0 ? ROOT : `n${j}`;
      const held = state.get(id);
      if (op === "CREATE" && !held && state.get(target)) {
        const n = folder(id, target, `${id}-${out.length}`);
        state.set(id, n);
        out.push(entry("CREATE", n));
      } else if (held && op === "DELETE") {
        const gone = [...state.values()].filter((n) => below(n.id, id));
        for (const n of gone) state.delete(n.id);
        out.push(entry("DELETE", { ...held, rev: held.rev + 1 }));
      } else if (held) {
        const next = { ...held, rev: held.rev + 1 };
        if (op === "RENAME") next.name = `${id}-${out.length}`;
        if (op === "MOVE" && state.get(target) && !below(target, id)) next.parentId = target;
        if (op === "TRASH") next.trashedAt = "2026-11-24T12:00:00.000Z";
        if (op === "RESTORE") next.trashedAt = null;
        state.set(id, next);
        out.push(entry(op as "RENAME", next));
      }
    }
    return { entries: out, state };
  }

  test("applying the feed reproduces the server's nodes, however the entries are split into pages", () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(10), { maxLength: 10 }), (steps, cuts) => {
        const { entries, state } = journal(steps);
        const pages: ChangePage[] = [];
        let from = 0;
        for (const c of [
          ...cuts.map((c) => Math.min(c, entries.length)).sort((a, b) => a - b),
          entries.length,
        ]) {
          pages.push(page(entries.slice(from, Math.max(from, c))));
          from = Math.max(from, c);
        }
        const index = run(new NodeIndex([root()]), ...pages);
        expect(sorted(index)).toEqual([...state.values()].sort((a, b) => a.id.localeCompare(b.id)));
      }),
    );
  });

  test("results applied early, in any order, then the whole feed, end where the feed alone ends", () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(100)), (steps, picks) => {
        const { entries, state } = journal(steps);
        const index = new NodeIndex([root()]);
        // Some entries' snapshots arrive first as "mutation results", in a shuffled order...
        for (const k of picks) {
          const e = entries[k % Math.max(1, entries.length)];
          if (e) index.apply(applyResult(index, e.node, e.op === "DELETE"));
        }
        // ...then the whole feed.
        run(index, page(entries));
        const live = [...state.values()].sort((a, b) => a.id.localeCompare(b.id));
        expect(sorted(index)).toEqual(live);
      }),
    );
  });
});
