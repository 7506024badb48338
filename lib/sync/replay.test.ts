/**
 * The replay decision table (replay.ts), row by row: what happens to a queued op the server
 * refuses for good.
 */
import { describe, expect, test } from "vitest";
import type { SyncErrorInfo } from "./errors";
import type { PendingOp } from "./outbox";
import { type ReplayResolution, resolveReplayFailure } from "./replay";
import { file, folder, indexOf, op, ROOT } from "./testing/fixtures";

const err = (code: string, details?: Record<string, unknown>): SyncErrorInfo => ({
  kind: "graphql",
  code,
  message: code.toLowerCase(),
  details,
});
const trashedAt = "2026-11-24T10:00:00.000Z";

// Root ─ Docs ─ Work (trashed) ─ Deep
//      └ Photos, photos (1) (taken names)
const index = indexOf(
  folder("docs", ROOT, "Docs"),
  folder("work", "docs", "Work", { trashedAt }),
  folder("deep", "work", "Deep"),
  folder("p", ROOT, "Photos"),
  folder("p1", ROOT, "photos (1)"),
  file("f", "docs", "notes.txt"),
  file("g", "docs", "other.txt"),
);

type Expect =
  | { retryWith: Record<string, unknown>; notice: string }
  | { drop: true; notice?: string }
  | { park: true; notice: string };

const rows: { name: string; op: PendingOp; error: SyncErrorInfo; expected: Expect }[] = [
  {
    name: "createFolder NAME_TAKEN → retried as the next free 'name (n)'",
    op: op("createFolder", { id: "n", parentId: ROOT, name: "Photos" }),
    error: err("NAME_TAKEN"),
    expected: { retryWith: { name: "Photos (2)", parentId: ROOT }, notice: "renamed" },
  },
  {
    name: "createFolder NAME_TAKEN again on a suffixed name → the next suffix, even if the index does not know it",
    op: op(
      "createFolder",
      { id: "n", parentId: ROOT, name: "Photos (2)" },
      { intent: { id: "n", parentId: ROOT, name: "Photos" } },
    ),
    error: err("NAME_TAKEN"),
    expected: { retryWith: { name: "Photos (3)" }, notice: "renamed" },
  },
  {
    name: "createFolder NOT_FOUND (parent deleted for good, gone from the index) → retried in the root",
    op: op("createFolder", { id: "n", parentId: "vanished", name: "X" }),
    error: err("NOT_FOUND"),
    expected: { retryWith: { parentId: ROOT }, notice: "relocated" },
  },
  {
    name: "createFolder CONFLICT (parent in the trash) → retried in the nearest visible folder above",
    op: op("createFolder", { id: "n", parentId: "deep", name: "X" }),
    error: err("CONFLICT"),
    expected: { retryWith: { parentId: "docs" }, notice: "relocated" },
  },
  {
    name: "createFolder CONFLICT on the parent the index still thinks is live → one folder up",
    op: op("createFolder", { id: "n", parentId: "docs", name: "X" }),
    error: err("CONFLICT"),
    expected: { retryWith: { parentId: ROOT }, notice: "relocated" },
  },
  {
    name: "createFolder CONFLICT on the proposed id → dropped (nothing was created)",
    op: op("createFolder", { id: "n", parentId: ROOT, name: "X" }),
    error: err("CONFLICT", { field: "id" }),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "createFolder NAME_INVALID → dropped with an error",
    op: op("createFolder", { id: "n", parentId: ROOT, name: "X" }),
    error: err("NAME_INVALID"),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "rename NAME_TAKEN → retried as 'name (1)'",
    op: op("rename", { id: "g", name: "notes.txt" }),
    error: err("NAME_TAKEN"),
    expected: { retryWith: { id: "g", name: "notes (1).txt" }, notice: "renamed" },
  },
  {
    name: "rename NOT_FOUND (deleted elsewhere) → dropped",
    op: op("rename", { id: "ghost", name: "x" }),
    error: err("NOT_FOUND"),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "rename CONFLICT (in the trash) → dropped",
    op: op("rename", { id: "f", name: "x" }),
    error: err("CONFLICT"),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "move NAME_TAKEN → retried with 'name (1)' at the destination",
    op: op("move", { id: "g", parentId: ROOT }),
    error: err("NAME_TAKEN"),
    expected: { retryWith: { id: "g", parentId: ROOT, name: "other (1).txt" }, notice: "renamed" },
  },
  {
    name: "move into a folder that is gone → dropped, the item stays",
    op: op("move", { id: "g", parentId: "vanished" }),
    error: err("NOT_FOUND"),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "move that would make a cycle (concurrent moves) → dropped",
    op: op("move", { id: "docs", parentId: "deep" }),
    error: err("BAD_INPUT", { reason: "cycle" }),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "trash of an item already in the trash → dropped as already done",
    op: op("trash", { id: "work" }),
    error: err("CONFLICT"),
    expected: { drop: true, notice: "already-done" },
  },
  {
    name: "trash of an item deleted for good → dropped as already done",
    op: op("trash", { id: "ghost" }),
    error: err("NOT_FOUND"),
    expected: { drop: true, notice: "already-done" },
  },
  {
    name: "restore of an item already restored → dropped as already done",
    op: op("restore", { id: "f" }),
    error: err("CONFLICT"),
    expected: { drop: true, notice: "already-done" },
  },
  {
    name: "restore of an item deleted for good → dropped with a warning",
    op: op("restore", { id: "ghost" }),
    error: err("NOT_FOUND"),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "deleteForever of an item already gone → dropped as already done",
    op: op("deleteForever", { id: "ghost" }),
    error: err("NOT_FOUND"),
    expected: { drop: true, notice: "already-done" },
  },
  {
    name: "deleteForever of an item restored or edited elsewhere → dropped: the item is kept",
    op: op("deleteForever", { id: "f" }),
    error: err("CONFLICT"),
    expected: { drop: true, notice: "dropped" },
  },
  {
    name: "commitFile edit of a file deleted for good (gone from the index) → retried as a new file",
    op: op("commitFile", {
      parentId: "docs",
      name: "gone.txt",
      fileId: "gone",
      baseVersionId: "v",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    }),
    error: err("NOT_FOUND"),
    expected: {
      retryWith: {
        parentId: "docs",
        name: "gone.txt",
        fileId: undefined,
        baseVersionId: undefined,
        id: undefined,
      },
      notice: "saved-as-new",
    },
  },
  {
    name: "commitFile into a folder deleted for good → retried in the root",
    op: op("commitFile", {
      id: "n",
      parentId: "vanished",
      name: "a.txt",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    }),
    error: err("NOT_FOUND"),
    expected: { retryWith: { id: "n", parentId: ROOT }, notice: "relocated" },
  },
  {
    name: "commitFile into a trashed folder → retried higher up (the base is kept: an edit of a trashed file revives it)",
    op: op("commitFile", {
      parentId: "deep",
      name: "a.txt",
      fileId: "f",
      baseVersionId: "v-f",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    }),
    error: err("CONFLICT"),
    expected: { retryWith: { parentId: "docs", fileId: "f", baseVersionId: "v-f" }, notice: "relocated" },
  },
  {
    name: "commitFile NOT_FOUND in the root with a base → retried as a new file",
    op: op("commitFile", {
      parentId: ROOT,
      name: "a.txt",
      fileId: "f",
      baseVersionId: "v-f",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    }),
    error: err("NOT_FOUND"),
    expected: {
      retryWith: { parentId: ROOT, fileId: undefined, baseVersionId: undefined },
      notice: "saved-as-new",
    },
  },
  {
    name: "commitFile CONFLICT on the proposed id → retried without it",
    op: op("commitFile", {
      id: "n",
      parentId: ROOT,
      name: "a.txt",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    }),
    error: err("CONFLICT", { field: "id" }),
    expected: { retryWith: { id: undefined, parentId: ROOT }, notice: "saved-as-new" },
  },
  {
    name: "commitFile refused for another reason → parked: the content is never dropped",
    op: op("commitFile", {
      id: "n",
      parentId: ROOT,
      name: "a.txt",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    }),
    error: err("FORBIDDEN"),
    expected: { park: true, notice: "parked" },
  },
];

describe("resolveReplayFailure", () => {
  test.each(rows)("$name", ({ op, error, expected }) => {
    const r: ReplayResolution = resolveReplayFailure(op, error, index);
    if ("retryWith" in expected) {
      expect(r).toHaveProperty("retryWith");
      if (!("retryWith" in r)) return;
      for (const [k, v] of Object.entries(expected.retryWith))
        expect((r.retryWith as Record<string, unknown>)[k], k).toEqual(v);
      expect(r.notice.code).toBe(expected.notice);
    } else if ("park" in expected) {
      expect(r).toMatchObject({ park: true, notice: { code: expected.notice } });
    } else {
      expect(r).toMatchObject({ drop: true });
      if (expected.notice && "drop" in r) expect(r.notice?.code).toBe(expected.notice);
    }
  });

  test("no commitFile row ever drops: every error code keeps the content", () => {
    const codes = [
      "NOT_FOUND",
      "CONFLICT",
      "NAME_TAKEN",
      "NAME_INVALID",
      "BAD_INPUT",
      "FORBIDDEN",
      "LIMIT_EXCEEDED",
      "PAYLOAD_TOO_LARGE",
      "WHATEVER",
    ];
    const commits = rows.filter((r) => r.op.kind === "commitFile").map((r) => r.op);
    for (const o of commits)
      for (const code of codes) expect(resolveReplayFailure(o, err(code), index)).not.toHaveProperty("drop");
  });

  test("notices speak to people: every op and code gives a message naming no server detail and no raw code", () => {
    const codes = [
      "NOT_FOUND",
      "CONFLICT",
      "NAME_TAKEN",
      "NAME_INVALID",
      "BAD_INPUT",
      "FORBIDDEN",
      "WHATEVER",
    ];
    for (const row of rows) {
      for (const code of codes) {
        const error = { kind: "graphql" as const, code, message: "SERVER DETAIL: stack at x.ts:1" };
        const r = resolveReplayFailure(row.op, error, index);
        const message = r.notice?.message ?? "";
        if (r.notice) expect(message.length, `${row.name} / ${code}`).toBeGreaterThan(10);
        expect(message, `${row.name} / ${code}`).not.toContain("SERVER DETAIL");
        expect(message, `${row.name} / ${code}`).not.toMatch(/\b[A-Z]+_[A-Z_]+\b|\bCONFLICT\b|\bWHATEVER\b/);
      }
    }
  });

  test("a refused rename names the item and the name it kept", () => {
    const r = resolveReplayFailure(op("rename", { id: "f", name: "new.txt" }), err("CONFLICT"), index);
    expect(r.notice?.message).toBe(
      "“notes.txt” could not be renamed to “new.txt”: it was deleted or moved to the trash elsewhere. Its name was not changed.",
    );
  });

  test("a chain of retries ends: following the rewrites of a commit into a deleted subtree reaches the root, then a new file", () => {
    let current = op("commitFile", {
      parentId: "deep",
      name: "a.txt",
      fileId: "f",
      baseVersionId: "v-f",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    });
    const parents: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = resolveReplayFailure(current, err("NOT_FOUND"), index);
      if (!("retryWith" in r)) break;
      current = { ...current, args: r.retryWith } as typeof current;
      parents.push(`${current.args.parentId}${current.args.fileId ? "+base" : ""}`);
    }
    expect(parents).toEqual(["docs+base", `${ROOT}+base`, ROOT]);
  });
});
