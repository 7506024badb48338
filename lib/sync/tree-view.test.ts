import { describe, expect, test } from "vitest";
import { file, folder, indexOf, names, ROOT } from "./testing/fixtures";
import {
  breadcrumbs,
  childNamed,
  isVisible,
  listChildren,
  listTrash,
  nearestVisibleAncestor,
  pathOf,
  resolvePath,
  rootOf,
} from "./tree-view";

const at = (h: number) => `2026-11-24T${String(h).padStart(2, "0")}:00:00.000Z`;

describe("listChildren", () => {
  const index = indexOf(
    file("f1", ROOT, "b.txt", { size: 30, modifiedAt: at(3) }),
    folder("d1", ROOT, "Zeta", { modifiedAt: at(1) }),
    file("f2", ROOT, "A.txt", { size: 10, modifiedAt: at(5) }),
    folder("d2", ROOT, "alpha", { modifiedAt: at(2) }),
    file("f3", ROOT, "c.txt", { size: 20, modifiedAt: at(4) }),
  );

  test.each([
    ["NAME_ASC", ["alpha", "Zeta", "A.txt", "b.txt", "c.txt"]],
    ["NAME_DESC", ["Zeta", "alpha", "c.txt", "b.txt", "A.txt"]],
    ["SIZE_ASC", ["Zeta", "alpha", "A.txt", "c.txt", "b.txt"]], // equal sizes: by id,
    ["SIZE_DESC", ["alpha", "Zeta", "b.txt", "c.txt", "A.txt"]],
    ["MODIFIED_ASC", ["Zeta", "alpha", "b.txt", "c.txt", "A.txt"]],
    ["MODIFIED_DESC", ["alpha", "Zeta", "A.txt", "c.txt", "b.txt"]],
  ] as const)("%s lists folders first, then by that order (names case-insensitively)", (order, expected) => {
    expect(names(listChildren(index, ROOT, order))).toEqual(expected);
  });

  test("children trashed on their own are not listed; a trashed folder lists what went with it", () => {
    const i = indexOf(
      folder("a", ROOT, "A", { trashedAt: at(1) }),
      file("x", "a", "x"),
      file("y", "a", "y", { trashedAt: at(0) }),
    );
    expect(listChildren(i, ROOT)).toEqual([]);
    expect(names(listChildren(i, "a"))).toEqual(["x"]);
  });

  test("equal sort keys are ordered by id, so the order is stable", () => {
    const i = indexOf(file("b", ROOT, "same", { size: 1 }), file("a", ROOT, "SAME", { size: 1 }));
    expect(listChildren(i, ROOT).map((n) => n.id)).toEqual(["a", "b"]);
  });
});

describe("paths and visibility", () => {
  const index = indexOf(
    folder("a", ROOT, "Docs"),
    folder("b", "a", "Work"),
    file("f", "b", "plan.md"),
    file("o", "missing", "orphan"),
  );

  test("pathOf and breadcrumbs follow the parents up to the root", () => {
    expect(pathOf(index, "f")).toBe("/Docs/Work/plan.md");
    expect(pathOf(index, ROOT)).toBe("/");
    expect(breadcrumbs(index, "b")!.map((n) => n.id)).toEqual([ROOT, "a", "b"]);
  });

  test("resolvePath matches names case-insensitively and finds nothing under a wrong name", () => {
    expect(resolvePath(index, "/docs/WORK/Plan.md")?.id).toBe("f");
    expect(resolvePath(index, "/")?.id).toBe(ROOT);
    expect(resolvePath(index, "/Docs/nope")).toBeUndefined();
  });

  test("a node whose parent the index lacks is not visible and has no path", () => {
    expect(isVisible(index, "o")).toBe(false);
    expect(pathOf(index, "o")).toBeUndefined();
  });

  test("trashed items cannot be resolved by path", () => {
    const i = indexOf(folder("a", ROOT, "Docs", { trashedAt: at(1) }), file("f", "a", "x"));
    expect(resolvePath(i, "/Docs")).toBeUndefined();
    expect(resolvePath(i, "/Docs/x")).toBeUndefined();
  });

  test("the trash lists explicitly trashed items, most recent first", () => {
    const i = indexOf(
      folder("a", ROOT, "A", { trashedAt: at(1) }),
      file("f", "a", "f"),
      file("g", ROOT, "g", { trashedAt: at(2) }),
    );
    expect(names(listTrash(i))).toEqual(["g", "A"]);
  });

  test("nearestVisibleAncestor skips trashed folders and ends at the root", () => {
    const i = indexOf(
      folder("a", ROOT, "A"),
      folder("b", "a", "B", { trashedAt: at(1) }),
      folder("c", "b", "C"),
    );
    expect(nearestVisibleAncestor(i, "c")?.id).toBe("a");
    expect(nearestVisibleAncestor(i, "a")?.id).toBe(ROOT);
    expect(rootOf(i)?.id).toBe(ROOT);
  });
});

describe("childNamed", () => {
  const index = indexOf(
    file("f1", ROOT, "Report.txt"),
    folder("d1", ROOT, "Straße"),
    folder("d2", ROOT, "Caf\u00e9"),
    file("f2", ROOT, "old.txt", { trashedAt: at(1) }),
    file("f3", "d1", "inner.txt"),
  );

  test("finds a live sibling by the server's name key (case folding, NFC)", () => {
    expect(childNamed(index, ROOT, "report.TXT")?.id).toBe("f1");
    expect(childNamed(index, ROOT, "STRASSE")?.id).toBe("d1");
    expect(childNamed(index, ROOT, "cafe\u0301")?.id).toBe("d2");
  });

  test("ignores the node itself, trashed siblings and other folders' children", () => {
    expect(childNamed(index, ROOT, "Report.txt", "f1")).toBeUndefined();
    expect(childNamed(index, ROOT, "old.txt")).toBeUndefined();
    expect(childNamed(index, ROOT, "inner.txt")).toBeUndefined();
    expect(childNamed(index, "d1", "inner.txt")?.id).toBe("f3");
  });
});
