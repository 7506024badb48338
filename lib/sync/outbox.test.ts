import { describe, expect, test } from "vitest";
import { applyPending, rebaseQueuedEdits } from "./outbox";
import { file, folder, indexOf, names, op, ROOT } from "./testing/fixtures";
import { isVisible, listChildren, listTrash } from "./tree-view";

describe("applyPending (the optimistic view)", () => {
  test("a queued createFolder shows under its parent at once, marked pending", () => {
    const index = indexOf(folder("a", ROOT, "A"));
    const o = op("createFolder", { id: "new", parentId: "a", name: "Fresh" });
    const { view, pendingByNode } = applyPending(index, [o]);
    expect(names(listChildren(view, "a"))).toEqual(["Fresh"]);
    expect(view.get("new")).toMatchObject({
      kind: "folder",
      namespaceId: index.get("a")!.namespaceId,
      rev: 0,
    });
    expect(pendingByNode.get("new")).toEqual([o]);
  });

  test("the server index itself is left untouched", () => {
    const index = indexOf(folder("a", ROOT, "A"));
    applyPending(index, [op("rename", { id: "a", name: "B" }), op("trash", { id: "a" })]);
    expect(index.get("a")).toMatchObject({ name: "A", trashedAt: null });
  });

  test("ops apply in queue order: a folder created, renamed, then moved into another new one", () => {
    const ops = [
      op("createFolder", { id: "x", parentId: ROOT, name: "X" }),
      op("createFolder", { id: "y", parentId: ROOT, name: "Y" }),
      op("rename", { id: "x", name: "X2" }),
      op("move", { id: "x", parentId: "y" }),
    ];
    const { view } = applyPending(indexOf(), ops.reverse()); // sorted by seq, not by array order
    expect(names(listChildren(view, ROOT))).toEqual(["Y"]);
    expect(names(listChildren(view, "y"))).toEqual(["X2"]);
  });

  test("trash hides the subtree; deleteForever removes it; restore brings an item back", () => {
    const index = indexOf(
      folder("a", ROOT, "A"),
      file("f", "a", "f.txt"),
      folder("t", ROOT, "T", { trashedAt: "2026-11-24T10:00:00.000Z" }),
    );
    const { view } = applyPending(index, [op("trash", { id: "a" }), op("restore", { id: "t" })]);
    expect(isVisible(view, "f")).toBe(false);
    expect(names(listTrash(view))).toEqual(["A"]);
    expect(names(listChildren(view, ROOT))).toEqual(["T"]);
    const gone = applyPending(index, [op("deleteForever", { id: "a" })]).view;
    expect(gone.get("a")).toBeUndefined();
    expect(gone.get("f")).toBeUndefined();
  });

  test("restore into a folder that is itself trashed goes to the root, with ' (1)' if the name is taken", () => {
    const index = indexOf(
      folder("gone", ROOT, "Gone", { trashedAt: "2026-11-24T10:00:00.000Z" }),
      file("f", "gone", "a.txt", { trashedAt: "2026-11-24T09:00:00.000Z" }),
      file("g", ROOT, "A.TXT"),
    );
    const { view } = applyPending(index, [op("restore", { id: "f" })]);
    expect(view.get("f")).toMatchObject({ parentId: ROOT, name: "a (1).txt", trashedAt: null });
  });

  test("commitFile shows a new file, or the edited file's new size and hash (an edit revives a trashed file)", () => {
    const index = indexOf(file("f", ROOT, "f.txt", { trashedAt: "2026-11-24T10:00:00.000Z" }));
    const args = { parentId: ROOT, name: "n.txt", chunks: ["h"], size: 9, contentHash: "new" };
    const { view } = applyPending(index, [
      op("commitFile", { ...args, id: "n" }),
      op("commitFile", { ...args, name: "f.txt", fileId: "f", baseVersionId: "v-f" }),
    ]);
    expect(view.get("n")).toMatchObject({ kind: "file", size: 9, contentHash: "new", parentId: ROOT });
    expect(view.get("f")).toMatchObject({ size: 9, contentHash: "new", trashedAt: null });
  });

  test("an op on a node the index does not know changes nothing", () => {
    const index = indexOf();
    const { view } = applyPending(index, [
      op("rename", { id: "ghost", name: "x" }),
      op("move", { id: "ghost", parentId: ROOT }),
    ]);
    expect([...view.all()].map((n) => n.id)).toEqual([ROOT]);
  });
});

describe("rebaseQueuedEdits", () => {
  const args = { parentId: ROOT, name: "f.txt", chunks: ["h"], size: 1, contentHash: "c" };

  test("the next edit of the same file from the same base continues from the commit's new version", () => {
    const first = op("commitFile", { ...args, fileId: "f", baseVersionId: "v1" });
    const other = op("commitFile", { ...args, fileId: "g", baseVersionId: "v1" });
    const second = op("commitFile", { ...args, fileId: "f", baseVersionId: "v1" });
    const third = op("commitFile", { ...args, fileId: "f", baseVersionId: "v1" });
    const rebased = rebaseQueuedEdits(
      [first, other, second, third],
      first,
      file("f", ROOT, "f.txt", { currentVersionId: "v2" }),
    );
    expect(rebased.map((o) => [o.opId, o.kind === "commitFile" && o.args.baseVersionId])).toEqual([
      [second.opId, "v2"],
    ]);
    // When the second settles, the third follows it (matched on what the user did, not on rewritten args).
    const after = rebaseQueuedEdits(
      [rebased[0]!, third],
      rebased[0]!,
      file("f", ROOT, "f.txt", { currentVersionId: "v3" }),
    );
    expect(after.map((o) => [o.opId, o.kind === "commitFile" && o.args.baseVersionId])).toEqual([
      [third.opId, "v3"],
    ]);
  });

  test("edits of a new file continue from its first version; a conflicted copy carries the edits after it", () => {
    const created = op("commitFile", { ...args, id: "n" });
    const edit = op("commitFile", { ...args, fileId: "n" });
    const [r] = rebaseQueuedEdits(
      [created, edit],
      created,
      file("n", ROOT, "f.txt", { currentVersionId: "v1" }),
    );
    expect(r).toMatchObject({ args: { fileId: "n", baseVersionId: "v1" } });
    const stale = op("commitFile", { ...args, fileId: "f", baseVersionId: "old" });
    const next = op("commitFile", { ...args, fileId: "f", baseVersionId: "old" });
    const [c] = rebaseQueuedEdits(
      [stale, next],
      stale,
      file("copy", ROOT, "f (conflicted copy).txt", { currentVersionId: "vc" }),
    );
    expect(c).toMatchObject({
      args: { fileId: "copy", baseVersionId: "vc", name: "f (conflicted copy).txt" },
    });
  });
});
