/** SyncEngine against the in-memory fake server, with a manual clock for backoffs. */
import { describe, expect, test } from "vitest";
import { SyncEngine, type SyncEngineOptions, type SyncEvent } from "./engine";
import { SyncTransportError } from "./errors";
import { MemorySyncStore } from "./store/memory";
import { FakeServer, fakeTransport, ManualClock, until } from "./testing/fake-server";

function setup(options: Partial<SyncEngineOptions> = {}, server = new FakeServer()) {
  const transport = fakeTransport(server);
  const store = new MemorySyncStore();
  const clock = new ManualClock();
  let n = 0;
  const make = (extra: Partial<SyncEngineOptions> = {}) =>
    new SyncEngine({
      store,
      transport,
      clock,
      random: () => 0.5,
      newId: () => `id-${++n}`,
      pushBackoff: { baseMs: 100, maxMs: 1000 },
      feedBackoff: { baseMs: 100, maxMs: 1000 },
      ...options,
      ...extra,
    });
  return { server, transport, store, clock, engine: make(), make };
}

/** Another device of the same user, writing straight to the server. */
const elsewhere = (server: FakeServer) => {
  let n = 0;
  return (kind: Parameters<FakeServer["mutate"]>[0]["kind"], args: object) =>
    server.mutate({ kind, args, opId: `other-${++n}` } as never);
};

const sameTree = (engine: SyncEngine, server: FakeServer) => {
  const mine = [...engine.index.all()].map((n) => JSON.stringify(n)).sort();
  const theirs = [...server.nodes.values()].map(({ trashRoot: _t, ...n }) => JSON.stringify(n)).sort();
  return JSON.stringify(mine) === JSON.stringify(theirs);
};

describe("SyncEngine: the feed", () => {
  test("start catches up page by page from the stored cursor, then subscribes from the last page's cursor", async () => {
    const server = new FakeServer();
    const other = elsewhere(server);
    for (let i = 0; i < 4; i++)
      other("createFolder", { id: `f${i}`, parentId: server.rootId, name: `F${i}` });
    const { engine, transport } = setup({ pageSize: 2 }, server);
    await engine.start();
    await until(() => engine.status().connected, "subscription");
    expect(transport.pulls).toEqual([null, "c:2", "c:4"]);
    expect(transport.subscribes).toEqual(["c:5"]);
    expect(engine.listChildren(server.rootId).map((n) => n.name)).toEqual(["F0", "F1", "F2", "F3"]);
    expect(engine.stats.entries).toBe(5);
    await engine.stop();
  });

  test("a change made elsewhere arrives through the subscription and shows in the view", async () => {
    const { engine, server } = setup();
    await engine.start();
    await until(() => engine.status().connected, "subscription");
    elsewhere(server)("createFolder", { id: "x", parentId: server.rootId, name: "From phone" });
    await until(() => engine.getNode("x") !== undefined, "the new folder");
    expect(engine.pathOf("x")).toBe("/From phone");
    await engine.stop();
  });

  test("a dropped subscription reconnects after a backoff and resumes from the stored cursor", async () => {
    const { engine, server, transport, clock } = setup();
    await engine.start();
    await until(() => engine.status().connected, "subscription");
    transport.dropSubscriptions();
    await until(() => !engine.status().connected, "drop noticed");
    elsewhere(server)("createFolder", { id: "x", parentId: server.rootId, name: "While away" });
    expect(engine.getNode("x")).toBeUndefined();
    clock.advance(100); // 100 ms × (0.5 + 0.5)
    await until(() => engine.getNode("x") !== undefined, "catch-up after reconnect");
    expect(transport.pulls).toEqual([null, "c:1"]);
    expect(engine.stats.entries).toBe(2); // nothing fetched twice
    await engine.stop();
  });

  test("a cursor the server refuses rebuilds the index from the start, keeping the outbox", async () => {
    const { engine, server, store, transport, make } = setup();
    transport.offline = true;
    await store.write({
      cursor: "c:99",
      puts: [{ ...server.journal[0]!.node, id: "stale", name: "stale", parentId: server.rootId }],
    });
    await engine.start();
    await engine.createFolder(server.rootId, "Queued");
    await engine.stop();
    transport.offline = false;
    const again = make();
    await again.start();
    await until(() => again.status().pending === 0 && again.status().connected, "rebuilt and pushed");
    expect(again.getNode("stale")).toBeUndefined();
    expect(again.listChildren(server.rootId).map((n) => n.name)).toEqual(["Queued"]);
    expect(transport.pulls.slice(0, 3)).toEqual(["c:99", "c:99", null]); // offline try, refused, rebuilt
    await again.stop();
  });
});

describe("SyncEngine: the outbox", () => {
  test("enqueue persists the op before it resolves, and the view shows the change at once", async () => {
    const { engine, server, store, transport } = setup();
    transport.offline = true;
    await engine.start();
    const id = await engine.createFolder(server.rootId, "Offline work");
    expect((await store.listOps()).map((o) => o.kind)).toEqual(["createFolder"]);
    expect(engine.getNode(id)?.name).toBe("Offline work");
    expect(engine.index.get(id)).toBeUndefined(); // the server index holds no guesses
    expect(engine.pendingOps(id)).toHaveLength(1);
    await engine.stop();
  });

  test("ops go out in order, one at a time, and each result lands in the index", async () => {
    const { engine, server } = setup();
    await engine.start();
    const a = await engine.createFolder(server.rootId, "A");
    const b = await engine.createFolder(server.rootId, "B");
    await engine.rename(a, "A2");
    await engine.move(a, b);
    await engine.whenIdle();
    expect(server.received).toHaveLength(4);
    expect(engine.pathOf(a)).toBe("/B/A2");
    await until(() => sameTree(engine, server), "index = server");
    await engine.stop();
  });

  test("a lost response is retried with the same opId and the server applies the op once", async () => {
    const { engine, server, transport, clock } = setup();
    await engine.start();
    transport.loseResponses = 1;
    const id = await engine.createFolder(server.rootId, "Once");
    await until(() => engine.pendingOps()[0]?.attempts === 1, "first try failed");
    clock.advance(100);
    await engine.whenIdle();
    expect(server.received).toHaveLength(2);
    expect(new Set(server.received).size).toBe(1); // the same opId both times
    expect(server.journal.filter((e) => e.node.id === id)).toHaveLength(1);
    await until(() => sameTree(engine, server), "index = server");
    await engine.stop();
  });

  test("offline pauses the push loop; online() resumes it at once, without waiting for the backoff", async () => {
    const { engine, server, transport } = setup();
    await engine.start();
    engine.offline();
    transport.offline = true;
    await engine.createFolder(server.rootId, "Later");
    await new Promise((r) => setTimeout(r, 10));
    expect(server.received).toEqual([]);
    transport.offline = false;
    engine.online();
    await engine.whenIdle();
    expect(server.received).toHaveLength(1);
    await engine.stop();
  });

  test("a network failure keeps the op and retries it after a randomized backoff that grows", async () => {
    const { engine, server, transport, clock } = setup();
    await engine.start();
    transport.failNext = {
      count: 2,
      error: new SyncTransportError({ kind: "http", status: 503, message: "down" }),
    };
    await engine.createFolder(server.rootId, "Eventually");
    await until(() => engine.pendingOps()[0]?.attempts === 1, "first failure");
    expect(engine.pendingOps()[0]!.notBefore).toBe(100);
    clock.advance(99);
    expect(engine.pendingOps()[0]!.attempts).toBe(1);
    clock.advance(1);
    await until(() => engine.pendingOps()[0]?.attempts === 2, "second failure");
    expect(engine.pendingOps()[0]!.notBefore).toBe(100 + 200);
    clock.advance(200);
    await engine.whenIdle();
    expect(server.journal).toHaveLength(2);
    await engine.stop();
  });

  test("a folder name taken meanwhile is created with a suffix, and the user is told", async () => {
    const { engine, server, transport } = setup();
    transport.offline = true;
    await engine.start();
    const id = await engine.createFolder(server.rootId, "Photos");
    elsewhere(server)("createFolder", { id: "theirs", parentId: server.rootId, name: "photos" });
    transport.offline = false;
    engine.online();
    await engine.whenIdle();
    expect(engine.getNode(id)?.name).toBe("Photos (1)");
    expect(engine.notices.map((n) => n.code)).toEqual(["renamed"]);
    await until(() => sameTree(engine, server), "index = server");
    await engine.stop();
  });

  test("a rename the server refuses for good is rolled back, with a notice", async () => {
    const { engine, server, transport } = setup();
    await engine.start();
    const id = await engine.createFolder(server.rootId, "Keep");
    await engine.whenIdle();
    transport.offline = true;
    engine.offline();
    await engine.rename(id, "Gone soon");
    expect(engine.getNode(id)?.name).toBe("Gone soon");
    elsewhere(server)("trash", { id });
    transport.offline = false;
    engine.online();
    await engine.whenIdle();
    expect(engine.getNode(id)?.name).toBe("Keep");
    expect(engine.notices.map((n) => [n.code, n.level])).toEqual([["dropped", "warning"]]);
    await engine.stop();
  });

  test("an edit from a stale base becomes a conflicted copy with a notice; both contents exist", async () => {
    const { engine, server } = setup();
    await engine.start();
    const fileId = await engine.commitFile({
      parentId: server.rootId,
      name: "x.txt",
      chunks: ["h1"],
      size: 1,
      contentHash: "one",
    });
    await engine.whenIdle();
    const base = engine.getNode(fileId)!.currentVersionId!;
    elsewhere(server)("commitFile", {
      fileId,
      baseVersionId: base,
      parentId: server.rootId,
      name: "x.txt",
      chunks: ["h2"],
      size: 1,
      contentHash: "two",
    });
    await engine.commitFile({
      fileId,
      baseVersionId: base,
      parentId: server.rootId,
      name: "x.txt",
      chunks: ["h3"],
      size: 1,
      contentHash: "three",
    });
    await engine.whenIdle();
    await until(() => sameTree(engine, server), "index = server");
    expect(engine.listChildren(server.rootId).map((n) => [n.name, n.contentHash])).toEqual([
      ["x.txt", "two"],
      ["x.txt (conflicted copy)", "three"],
    ]);
    expect(engine.notices.map((n) => n.code)).toEqual(["conflicted-copy"]);
    await engine.stop();
  });

  test("a commit queued under a caller-chosen opId is sent with that opId and settles under it", async () => {
    const settled: string[] = [];
    const { engine, server, transport } = setup({
      onSettle: (op, d) => settled.push(`${op.opId}:${d.action}`),
    });
    await engine.start();
    transport.offline = true;
    engine.offline();
    const id = await engine.commitFile(
      { parentId: server.rootId, name: "up.bin", chunks: ["h1"], size: 1, contentHash: "one" },
      { opId: "upload-op-1" },
    );
    expect(engine.pendingOps(id).map((o) => o.opId)).toEqual(["upload-op-1"]);
    transport.offline = false;
    engine.online();
    await engine.whenIdle();
    expect(settled).toEqual(["upload-op-1:done"]);
    expect(engine.getNode(id)?.contentHash).toBe("one");
    await engine.stop();
  });

  test("two edits of one file made offline in a row become two versions, not a conflict with itself", async () => {
    const { engine, server, transport } = setup();
    await engine.start();
    const id = await engine.commitFile({
      parentId: server.rootId,
      name: "n.txt",
      chunks: ["h1"],
      size: 1,
      contentHash: "one",
    });
    transport.offline = true;
    engine.offline();
    const base = engine.getNode(id)!.currentVersionId ?? undefined;
    await engine.commitFile({
      parentId: server.rootId,
      name: "n.txt",
      fileId: id,
      baseVersionId: base,
      chunks: ["h2"],
      size: 1,
      contentHash: "two",
    });
    await engine.commitFile({
      parentId: server.rootId,
      name: "n.txt",
      fileId: id,
      baseVersionId: base,
      chunks: ["h3"],
      size: 1,
      contentHash: "three",
    });
    transport.offline = false;
    engine.online();
    await engine.whenIdle();
    expect(server.journal.filter((e) => e.node.id === id).map((e) => e.op)).toEqual([
      "CREATE",
      "EDIT",
      "EDIT",
    ]);
    expect(engine.listChildren(server.rootId).map((n) => n.contentHash)).toEqual(["three"]);
    expect(engine.notices).toEqual([]);
    await engine.stop();
  });

  test("a restarted engine resumes its stored outbox and cursor", async () => {
    const { engine, server, transport, make } = setup();
    await engine.start();
    await until(() => engine.status().connected, "subscription");
    engine.offline();
    transport.offline = true;
    await engine.createFolder(server.rootId, "Survives restart");
    await engine.stop();
    transport.offline = false;
    const again = make();
    await again.start();
    await again.whenIdle();
    expect(transport.pulls.at(-1)).toBe("c:1");
    expect(again.listChildren(server.rootId).map((n) => n.name)).toEqual(["Survives restart"]);
    expect(server.journal).toHaveLength(2);
    await again.stop();
  });

  test("listeners hear about outbox, index and notices", async () => {
    const { engine, server } = setup();
    const events: SyncEvent["type"][] = [];
    engine.subscribe((e) => events.push(e.type));
    await engine.start();
    await engine.createFolder(server.rootId, "A");
    await engine.whenIdle();
    expect(events).toContain("outbox");
    expect(events).toContain("index");
    expect(events).toContain("status");
    await engine.stop();
  });

  test("names are checked before an op is queued, and a folder cannot be moved below itself", async () => {
    const { engine, server, transport } = setup();
    transport.offline = true;
    await engine.start();
    await expect(engine.createFolder(server.rootId, "a/b")).rejects.toThrow(/'\/'/);
    const a = await engine.createFolder(server.rootId, "A");
    const b = await engine.createFolder(a, "B");
    await expect(engine.move(a, b)).rejects.toThrow(/itself/);
    await expect(engine.move(a, b)).rejects.toMatchObject({ name: "InvalidOpError", reason: "cycle" });
    await expect(engine.rename(a, "..")).rejects.toMatchObject({ reason: "name", rule: "dots" });
    expect(engine.pendingOps()).toHaveLength(2);
    await engine.stop();
  });

  test("childNamed answers from the view: a pending create or rename takes its name at once", async () => {
    const { engine, server, transport } = setup();
    transport.offline = true;
    await engine.start();
    const a = await engine.createFolder(server.rootId, "Reports");
    expect(engine.childNamed(server.rootId, "REPORTS")?.id).toBe(a);
    expect(engine.childNamed(server.rootId, "Reports", a)).toBeUndefined();
    await engine.rename(a, "Old reports");
    expect(engine.childNamed(server.rootId, "Reports")).toBeUndefined();
    expect(engine.childNamed(server.rootId, "old reports")?.id).toBe(a);
    await engine.stop();
  });

  test("only the pushing tab sends: an op queued by another tab on the shared store is sent after reload()", async () => {
    const { engine, server, make } = setup();
    const otherTab = make({ push: false });
    await engine.start();
    await otherTab.start();
    await engine.whenIdle();
    const id = await otherTab.createFolder(server.rootId, "From the other tab");
    expect(server.nodes.has(id)).toBe(false);
    await engine.reload(); // what the BroadcastChannel message makes it do
    await engine.whenIdle();
    expect(server.nodes.get(id)?.name).toBe("From the other tab");
    await otherTab.reload();
    expect(otherTab.pendingOps()).toEqual([]);
    expect(otherTab.getNode(id)?.name).toBe("From the other tab");
    await otherTab.stop();
    await engine.stop();
  });

  test("a relayed notice (from another tab) is heard by listeners and marked relayed", async () => {
    const { engine } = setup();
    const heard: SyncEvent[] = [];
    engine.subscribe((e) => e.type === "notice" && heard.push(e));
    const notice = { opId: "o", level: "warning", code: "dropped", message: "m" } as const;
    engine.relayNotice(notice);
    expect(heard).toEqual([{ type: "notice", notice, relayed: true }]);
    expect(engine.notices).toEqual([notice]);
  });
});
