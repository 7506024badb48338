import { describe, expect, test } from "vitest";
import { filesWithin, offlineChoiceFor, planOffline } from "./offline-plan";
import { file, folder, indexOf, ROOT } from "./testing/fixtures";

const choice = (nodeId: string, chosenAt = 1) => ({ nodeId, chosenAt });
const held = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([fileId, contentHash]) => [fileId, { contentHash }]));

const tree = () =>
  indexOf(
    folder("docs", ROOT, "Docs"),
    folder("deep", "docs", "Deep"),
    file("a", "docs", "a.txt"),
    file("b", "deep", "b.txt"),
    file("t", "deep", "trashed.txt", { trashedAt: "2026-11-24T11:00:00.000Z" }),
    folder("old", "docs", "Old", { trashedAt: "2026-11-24T11:00:00.000Z" }),
    file("c", "old", "c.txt"),
    file("x", ROOT, "x.txt"),
  );

describe("filesWithin", () => {
  test("a folder holds every visible file below it at any depth; trashed ones and their subtrees are left out", () => {
    expect(filesWithin(tree(), "docs").sort()).toEqual(["a", "b"]);
  });

  test("a file is itself; a trashed or unknown node holds nothing", () => {
    const index = tree();
    expect(filesWithin(index, "x")).toEqual(["x"]);
    expect(filesWithin(index, "t")).toEqual([]);
    expect(filesWithin(index, "c")).toEqual([]); // inside a trashed folder
    expect(filesWithin(index, "nope")).toEqual([]);
  });
});

describe("planOffline", () => {
  test("a chosen folder wants its files; those not held are fetched at their current version", () => {
    const plan = planOffline(tree(), [choice("docs")], held({}));
    expect(plan.fetch.sort((p, q) => p.fileId.localeCompare(q.fileId))).toEqual([
      { fileId: "a", versionId: "v-a", contentHash: "hash-a" },
      { fileId: "b", versionId: "v-b", contentHash: "hash-b" },
    ]);
    expect(plan.release).toEqual([]);
    expect([...plan.wanted]).toEqual(
      expect.arrayContaining([
        ["a", "docs"],
        ["b", "docs"],
      ]),
    );
  });

  test("a file held at its current content is not fetched again; a newer version is", () => {
    const plan = planOffline(tree(), [choice("docs")], held({ a: "hash-a", b: "an older content" }));
    expect(plan.fetch.map((p) => p.fileId)).toEqual(["b"]);
  });

  test("a file added to a chosen folder later is wanted as soon as the index has it", () => {
    const index = tree();
    index.put(file("new", "deep", "new.txt"));
    const plan = planOffline(index, [choice("docs")], held({ a: "hash-a", b: "hash-b" }));
    expect(plan.fetch.map((p) => p.fileId)).toEqual(["new"]);
  });

  test("held files no longer wanted are released: unchosen, moved out, trashed", () => {
    const index = tree();
    index.put(file("b", ROOT, "b.txt")); // moved out of Docs
    index.put(file("a", "docs", "a.txt", { trashedAt: "2026-11-24T12:00:00.000Z" }));
    const plan = planOffline(index, [choice("docs")], held({ a: "hash-a", b: "hash-b", x: "hash-x" }));
    expect(plan.release.sort()).toEqual(["a", "b", "x"]);
    expect(plan.fetch).toEqual([]);
  });

  test("a file wanted by two choices is fetched once and credited to the earlier choice", () => {
    const plan = planOffline(tree(), [choice("a", 2), choice("docs", 1)], held({}));
    expect(plan.fetch.filter((p) => p.fileId === "a")).toHaveLength(1);
    expect(plan.wanted.get("a")).toBe("docs");
  });

  test("a choice whose node is gone is reported; a trashed one is kept but wants nothing", () => {
    const plan = planOffline(tree(), [choice("gone"), choice("old")], held({ c: "hash-c" }));
    expect(plan.gone).toEqual(["gone"]);
    expect(plan.wanted.size).toBe(0);
    expect(plan.release).toEqual(["c"]);
  });

  test("a file with no known current version waits (nothing to fetch yet)", () => {
    const index = tree();
    index.put(file("p", ROOT, "pending.txt", { currentVersionId: null }));
    expect(planOffline(index, [choice("p")], held({})).fetch).toEqual([]);
  });
});

describe("offlineChoiceFor", () => {
  test("a node is kept offline through its own choice or its nearest chosen ancestor", () => {
    const index = tree();
    expect(offlineChoiceFor(index, new Set(["docs"]), "b")).toBe("docs");
    expect(offlineChoiceFor(index, new Set(["docs", "b"]), "b")).toBe("b");
    expect(offlineChoiceFor(index, new Set(["docs"]), "x")).toBeUndefined();
  });
});
