import { describe, expect, test } from "vitest";
import type { SyncErrorInfo } from "./errors";
import { backoffDelay, decideOutcome } from "./outcome";
import type { ReplayPolicy } from "./replay";
import { file, folder, indexOf, op, ROOT } from "./testing/fixtures";

const index = indexOf(folder("a", ROOT, "A", { rev: 2 }), file("f", ROOT, "f.txt"));
const fail = (error: SyncErrorInfo) => ({ ok: false as const, error });

describe("decideOutcome", () => {
  test("success drops the op and applies the result snapshot under the rev rule", () => {
    const d = decideOutcome(
      op("rename", { id: "a", name: "B" }),
      { ok: true, result: { node: folder("a", ROOT, "B", { rev: 3 }), deleted: false } },
      index,
      { random: 0 },
    );
    expect(d).toEqual({
      action: "done",
      changes: { puts: [folder("a", ROOT, "B", { rev: 3 })], deletes: [] },
    });
  });

  test("a success whose snapshot the feed already delivered writes nothing", () => {
    const d = decideOutcome(
      op("rename", { id: "a", name: "A" }),
      { ok: true, result: { node: folder("a", ROOT, "A", { rev: 2 }), deleted: false } },
      index,
      { random: 0 },
    );
    expect(d).toEqual({ action: "done", changes: { puts: [], deletes: [] } });
  });

  test("a successful deleteForever removes the subtree", () => {
    const d = decideOutcome(
      op("deleteForever", { id: "a" }),
      { ok: true, result: { node: folder("a", ROOT, "A", { rev: 4 }), deleted: true } },
      index,
      { random: 0 },
    );
    expect(d).toMatchObject({ action: "done", changes: { deletes: ["a"] } });
  });

  test("a commit saved as a conflicted copy succeeds with a notice naming the copy", () => {
    const o = op("commitFile", {
      parentId: ROOT,
      name: "f.txt",
      fileId: "f",
      baseVersionId: "old",
      chunks: ["h"],
      size: 1,
      contentHash: "c",
    });
    const copy = file("c", ROOT, "f (Laptop's conflicted copy 2026-11-25).txt");
    const d = decideOutcome(
      o,
      {
        ok: true,
        result: { node: copy, deleted: false, conflict: { copyName: copy.name, reason: "STALE_BASE" } },
      },
      index,
      { random: 0 },
    );
    expect(d).toMatchObject({ action: "done", notice: { code: "conflicted-copy", nodeId: "c" } });
  });

  test.each<[string, SyncErrorInfo]>([
    ["no answer (offline, lost response)", { kind: "network", message: "fetch failed" }],
    ["HTTP 503", { kind: "http", status: 503, message: "unavailable" }],
    ["HTTP 429", { kind: "http", status: 429, message: "slow down" }],
    [
      "INTERNAL_SERVER_ERROR",
      { kind: "graphql", code: "INTERNAL_SERVER_ERROR", status: 200, message: "bug" },
    ],
    [
      "UNAUTHENTICATED (signed out)",
      { kind: "graphql", code: "UNAUTHENTICATED", status: 401, message: "sign in" },
    ],
    [
      "CHUNK_MISSING (upload again)",
      { kind: "graphql", code: "CHUNK_MISSING", status: 200, message: "missing" },
    ],
  ])("%s is retried later, keeping the op", (_, error) => {
    const d = decideOutcome(op("trash", { id: "a" }), fail(error), index, { random: 0.5 });
    expect(d).toMatchObject({ action: "retry" });
  });

  test("the server's definitive answer goes to the replay policy", () => {
    const policy: ReplayPolicy = () => ({
      drop: true,
      notice: { opId: "x", level: "info", code: "already-done", message: "m" },
    });
    const d = decideOutcome(
      op("trash", { id: "a" }),
      fail({ kind: "graphql", code: "CONFLICT", message: "in trash" }),
      index,
      { random: 0, policy },
    );
    expect(d).toMatchObject({ action: "drop", notice: { code: "already-done" } });
    const http400 = decideOutcome(
      op("trash", { id: "a" }),
      fail({ kind: "http", status: 400, message: "bad" }),
      index,
      { random: 0, policy },
    );
    expect(http400.action).toBe("drop");
  });
});

describe("backoffDelay", () => {
  test("doubles per attempt up to the cap, scaled by 0.5–1.5 with the random number", () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, 0.5, opts))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(2, 0, opts)).toBe(200);
    expect(backoffDelay(2, 0.999, opts)).toBeLessThanOrEqual(600);
  });
});
