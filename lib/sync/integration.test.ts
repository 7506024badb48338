/**
 * Integration: engines against the real server in-process (PGlite, and PostgreSQL when
 * DATABASE_URL is set), over HTTP and graphql-ws.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import type { SyncEngine } from "./engine";
import { SyncTransportError } from "./errors";
import { MemorySyncStore } from "./store/memory";
import {
  type Account,
  connectDevice,
  type Device,
  eventually,
  newEngine,
  serverTree,
  signUpAccount,
  textContent,
  visibleTree,
} from "./testing/node";

describe.each(TEST_DATABASES)("sync engine against the server on $name", (database) => {
  let server: TestServer;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    server = await bootTestServer(database);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await server?.stop();
  });

  function device(account: Account): Device {
    const d = connectDevice(account);
    cleanups.push(() => d.close());
    return d;
  }
  async function started(engine: SyncEngine): Promise<SyncEngine> {
    cleanups.push(() => engine.stop());
    await engine.start();
    await eventually(
      () => engine.status().connected,
      5000,
      () => engine.status(),
    );
    return engine;
  }

  test("two engines of one user converge: what one does, the other's index shows, equal to the server tree", async () => {
    const account = await signUpAccount(server.url);
    const [da, db] = [device(account), device(account)];
    const a = await started(newEngine(da, { deviceName: "A" }));
    const b = await started(newEngine(db, { deviceName: "B" }));

    const docs = await a.createFolder(account.rootId, "Docs");
    const work = await a.createFolder(docs, "Work");
    const old = await a.createFolder(account.rootId, "Old");
    const file = await a.commitFile({
      parentId: work,
      name: "plan.txt",
      ...(await textContent("v1", da.blocks)),
    });
    await a.rename(docs, "Documents");
    await a.move(work, old);
    await a.trash(old);
    await a.restore(old);
    await a.trash(docs);
    await a.whenIdle();

    const expected = await serverTree(da.http, account.rootId);
    expect(expected.map((l) => l.split("\t")[0])).toEqual(["/Old", "/Old/Work", "/Old/Work/plan.txt"]);
    await eventually(
      () => JSON.stringify(visibleTree(b.view, account.rootId)) === JSON.stringify(expected),
      2000,
      () => visibleTree(b.view, account.rootId),
    );
    expect(visibleTree(a.view, account.rootId)).toEqual(expected);
    expect(b.getNode(file)?.contentHash).toBe(a.getNode(file)?.contentHash);
    expect(b.listTrash().map((n) => n.name)).toEqual(["Documents"]);
  });

  test("an engine stopped while 50 changes happen catches up from its stored cursor, fetching only the entries after it", async () => {
    const account = await signUpAccount(server.url);
    const [da, db] = [device(account), device(account)];
    const a = await started(newEngine(da));
    const store = new MemorySyncStore();
    const b1 = await started(newEngine(db, { store }));
    await a.createFolder(account.rootId, "before");
    await a.whenIdle();
    await eventually(() => b1.listChildren(account.rootId).length === 1, 2000);
    await b1.stop();
    const before = b1.stats.entries;
    expect(before).toBe(2); // the root, then "before"

    // 50 changes while b is away: 20 creates, 15 renames, 10 moves, 5 trashes.
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await a.createFolder(account.rootId, `f${i}`));
    for (let i = 0; i < 15; i++) await a.rename(ids[i]!, `renamed ${i}`);
    for (let i = 0; i < 10; i++) await a.move(ids[i + 10]!, ids[i]!);
    for (let i = 0; i < 5; i++) await a.trash(ids[i]!);
    await a.whenIdle();

    const b2 = await started(newEngine(db, { store }));
    const expected = await serverTree(da.http, account.rootId);
    await eventually(
      () => JSON.stringify(visibleTree(b2.view, account.rootId)) === JSON.stringify(expected),
      2000,
    );
    expect(b2.stats.entries).toBe(50);
  });

  test("an op whose response is lost after the server committed is retried with the same opId and applied once", async () => {
    const account = await signUpAccount(server.url);
    const d = device(account);
    const sent: string[] = [];
    let lose = 1;
    const engine = await started(
      newEngine(d, {
        transport: {
          ...d.transport,
          async mutate(request) {
            sent.push(request.opId);
            const result = await d.transport.mutate(request); // the server commits...
            if (lose-- > 0) throw new SyncTransportError({ kind: "network", message: "connection reset" }); // ...the answer is lost
            return result;
          },
        },
      }),
    );
    const id = await engine.createFolder(account.rootId, "Exactly once");
    await engine.whenIdle();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
    const { changes } = await d.http.request<{
      changes: { entries: { op: string; node: { id: string } }[] };
    }>("{ changes(cursor: null, first: 1000) { entries { op node { id } } } }");
    expect(changes.entries.filter((e) => e.node.id === id).map((e) => e.op)).toEqual(["CREATE"]);
    expect(visibleTree(engine.view, account.rootId)).toEqual(await serverTree(d.http, account.rootId));
  });

  test("an offline edit of a file changed elsewhere becomes a conflicted copy; both engines see both contents", async () => {
    const account = await signUpAccount(server.url);
    const [da, db] = [device(account), device(account)];
    const a = await started(newEngine(da, { deviceName: "Laptop" }));
    const b = await started(newEngine(db, { deviceName: "Phone" }));
    const id = await a.commitFile({
      parentId: account.rootId,
      name: "x.txt",
      ...(await textContent("one", da.blocks)),
    });
    await a.whenIdle();
    await eventually(() => b.getNode(id) !== undefined, 2000);
    const base = a.getNode(id)!.currentVersionId!;

    a.offline();
    await a.commitFile({
      parentId: account.rootId,
      name: "x.txt",
      fileId: id,
      baseVersionId: base,
      ...(await textContent("from A", da.blocks)),
    });
    await b.commitFile({
      parentId: account.rootId,
      name: "x.txt",
      fileId: id,
      baseVersionId: base,
      ...(await textContent("from B", db.blocks)),
    });
    await b.whenIdle();
    a.online();
    await a.whenIdle();

    expect(a.notices.map((n) => n.code)).toEqual(["conflicted-copy"]);
    const expected = await serverTree(da.http, account.rootId);
    expect(expected.map((l) => l.split("\t")[0])).toEqual([
      `/x (Laptop's conflicted copy ${new Date().toISOString().slice(0, 10)}).txt`,
      "/x.txt",
    ]);
    for (const e of [a, b])
      await eventually(
        () => JSON.stringify(visibleTree(e.view, account.rootId)) === JSON.stringify(expected),
        2000,
      );
  });
});
