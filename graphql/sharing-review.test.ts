/**
 * Integration: regressions found reviewing sharing (docs/sharing.md) — paths that reveal or
 * misplace the owner's tree, names that collide with a mounted share, and what deleting a shared
 * folder for good leaves behind. Same harness as graphql/sharing.test.ts, on PGlite and PostgreSQL.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { xorshift32Bytes } from "@/lib/chunking/golden";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { newTestUser as newUser, outcome, type TestUser as User } from "@/lib/testing/users";

describe.each(TEST_DATABASES)("sharing review on $name", (database) => {
  let server: TestServer;
  let dir: string;
  let owner: User;
  let member: User;

  beforeAll(async () => {
    server = await bootTestServer(database);
    dir = await mkdtemp(path.join(tmpdir(), "cairn-sharing-review-"));
    [owner, member] = await Promise.all([newUser(server), newUser(server)]);
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function upload(user: User, parentId: string, name: string, seed: number) {
    const src = path.join(dir, `${name}-${Math.random()}`);
    await writeFile(src, xorshift32Bytes(1000, seed));
    const up = await user.client.uploadFile(src, { parentId, name });
    return { id: up.file.id as string, name: up.file.name as string, conflict: up.conflict };
  }

  async function mkdir(user: User, parentId: string, name: string): Promise<string> {
    const { createFolder } = await user.http.must(
      `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { node { id } } }`,
      { p: parentId, n: name },
    );
    return createFolder.node.id;
  }

  async function shareWith(user: User, nodeId: string, email: string, kind: "Folder" | "File" = "Folder") {
    const field = kind === "Folder" ? "folderId" : "fileId";
    const r = await user.http.must(
      `mutation($f: ID!, $e: String!) { share${kind}(input: {${field}: $f, email: $e, role: EDITOR}) { share { id } } }`,
      { f: nodeId, e: email },
    );
    return r[`share${kind}`].share.id as string;
  }

  async function linkTo(user: User, nodeId: string): Promise<string> {
    const { createLink } = await user.http.must(
      `mutation($id: ID!) { createLink(input: {nodeId: $id}) { token } }`,
      { id: nodeId },
    );
    return createLink.token;
  }

  async function gqlLink(token: string, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cairn-link": token },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBeLessThan(500);
    return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  }

  test("the owner sees the full path of items deep inside a folder they shared", async () => {
    const top = await mkdir(owner, owner.rootId, `Work-${Math.random()}`);
    const team = await mkdir(owner, top, "Team");
    const docs = await mkdir(owner, team, "docs");
    const f = await upload(owner, docs, "deep.txt", 1);
    await shareWith(owner, team, member.email);
    const { node: topNode } = await owner.http.must(`query($id: ID!) { node(id: $id) { name } }`, {
      id: top,
    });
    const expected = `/${topNode.name}/Team/docs/deep.txt`;
    const { node } = await owner.http.must(`query($id: ID!) { node(id: $id) { path } }`, { id: f.id });
    expect(node.path).toBe(expected);
    const { nodeByPath } = await owner.http.must(`query($p: String!) { nodeByPath(path: $p) { id } }`, {
      p: expected,
    });
    expect(nodeByPath.id).toBe(f.id);
    // Members see it from the share's top, as before.
    const { node: seen } = await member.http.must(`query($id: ID!) { node(id: $id) { path } }`, {
      id: f.id,
    });
    expect(seen.path).toBe("/Team/docs/deep.txt");
  });

  test("a link holder never learns the names of the folders above the link's item", async () => {
    const secret = await mkdir(owner, owner.rootId, `Secret-Client-Acme-${Math.random()}`);
    const pub = await mkdir(owner, secret, "Public");
    const sub = await mkdir(owner, pub, "sub");
    const f = await upload(owner, sub, "a.txt", 2);
    const token = await linkTo(owner, pub);
    const opened = await gqlLink(
      token,
      `query($t: String!) { publicLink(token: $t) { node { path ... on Folder { children { nodes { id path } } } } } }`,
      { t: token },
    );
    expect(outcome(opened)).toBe("ok");
    expect(opened.data.publicLink.node.path).toBe("/Public");
    expect(opened.data.publicLink.node.children.nodes).toEqual([{ id: sub, path: "/Public/sub" }]);
    const { data } = await gqlLink(token, `query($id: ID!) { node(id: $id) { path } }`, { id: f.id });
    expect(data.node.path).toBe("/Public/sub/a.txt");
    // The same for a link to a shared folder made by an editor.
    const team = await mkdir(owner, secret, "Team");
    await upload(owner, team, "b.txt", 3);
    await shareWith(owner, team, member.email);
    const memberToken = await linkTo(member, team);
    const viaMember = await gqlLink(
      memberToken,
      `query($t: String!) { publicLink(token: $t) { node { path ... on Folder { children { nodes { path } } } } } }`,
      { t: memberToken },
    );
    expect(viaMember.data.publicLink.node.path).toBe("/Team");
    expect(viaMember.data.publicLink.node.children.nodes).toEqual([{ path: "/Team/b.txt" }]);
  });

  test("a file uploaded by name beside a shared folder or file of the same name does not take its name", async () => {
    const work = await mkdir(owner, owner.rootId, `Names-${Math.random()}`);
    const team = await mkdir(owner, work, "Team");
    await shareWith(owner, team, member.email);
    const plan = await upload(owner, work, "plan.txt", 4);
    await shareWith(owner, plan.id, member.email, "File");
    // A device that does not know the ids uploads by name into the folder holding both.
    const asTeam = await upload(owner, work, "Team", 5);
    expect(asTeam.conflict).toMatchObject({ reason: "NAME_TAKEN" });
    expect(asTeam.name).not.toBe("Team");
    const asPlan = await upload(owner, work, "plan.txt", 6);
    expect(asPlan.id).not.toBe(plan.id);
    expect(asPlan.conflict).toMatchObject({ reason: "NAME_TAKEN" });
    expect(asPlan.name).not.toBe("plan.txt");
    const { node } = await owner.http.must(
      `query($id: ID!) { node(id: $id) { ... on Folder { children { nodes { name } } } } }`,
      { id: work },
    );
    const names = node.children.nodes.map((n: { name: string }) => n.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  test("deleting a shared folder for good leaves the owner's Shared by me working", async () => {
    const gone = await mkdir(owner, owner.rootId, `Gone-${Math.random()}`);
    const sid = await shareWith(owner, gone, member.email);
    await owner.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id: gone });
    await owner.http.must(`mutation($id: ID!) { deleteForever(input: {id: $id}) { cursor } }`, { id: gone });
    const r = await owner.http.gql(`{ sharedByMe { id item { id name } } }`);
    expect(outcome(r)).toBe("ok");
    expect(r.data!.sharedByMe.map((s: { id: string }) => s.id)).not.toContain(sid);
    const direct = await owner.http.gql(`query($id: ID!) { share(id: $id) { id item { id } } }`, { id: sid });
    expect(outcome(direct)).toBe("NOT_FOUND");
  });

  test("a removed member's links to the shared folder stop opening it", async () => {
    const editor = await newUser(server);
    const team = await mkdir(owner, owner.rootId, `Removal-${Math.random()}`);
    const sid = await shareWith(owner, team, editor.email);
    const ownersToken = await linkTo(owner, team);
    const editorsToken = await linkTo(editor, team);
    const open = `query($t: String!) { publicLink(token: $t) { node { id } } }`;
    expect(outcome(await gqlLink(editorsToken, open, { t: editorsToken }))).toBe("ok");
    await owner.http.must(
      `mutation($s: ID!, $u: ID!) { removeShareMember(input: {shareId: $s, userId: $u}) { share { id } } }`,
      { s: sid, u: editor.userId },
    );
    // Added after the removal: the removed member must not read it through their old link.
    const later = await upload(owner, team, "after-removal.txt", 7);
    expect(outcome(await gqlLink(editorsToken, open, { t: editorsToken }))).toBe("NOT_FOUND");
    const read = await gqlLink(editorsToken, `query($id: ID!) { node(id: $id) { id } }`, { id: later.id });
    expect(outcome(read)).not.toBe("ok");
    const content = await fetch(`${server.url}/api/files/${later.id}/content?link=${editorsToken}`);
    expect(content.status).not.toBe(200);
    await content.arrayBuffer();
    // The owner's own link is untouched.
    expect(outcome(await gqlLink(ownersToken, open, { t: ownersToken }))).toBe("ok");
  });

  test("a member downgraded to viewer loses the links they made as an editor; the owner's stay", async () => {
    const editor = await newUser(server);
    const team = await mkdir(owner, owner.rootId, `Downgrade-${Math.random()}`);
    const sid = await shareWith(owner, team, editor.email);
    const file = await upload(owner, team, "plan.txt", 9);
    const ownersToken = await linkTo(owner, team);
    const editorsToken = await linkTo(editor, file.id);
    const open = `query($t: String!) { publicLink(token: $t) { node { id } } }`;
    expect(outcome(await gqlLink(editorsToken, open, { t: editorsToken }))).toBe("ok");
    await owner.http.must(
      `mutation($s: ID!, $u: ID!) { setShareRole(input: {shareId: $s, userId: $u, role: VIEWER}) { share { id } } }`,
      { s: sid, u: editor.userId },
    );
    expect(outcome(await gqlLink(editorsToken, open, { t: editorsToken }))).toBe("NOT_FOUND");
    const content = await fetch(`${server.url}/api/files/${file.id}/content?link=${editorsToken}`);
    expect(content.status).not.toBe(200);
    await content.arrayBuffer();
    // A viewer still reads the share themself, cannot make a new link, and the owner's link still opens.
    expect(outcome(await editor.http.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: file.id }))).toBe(
      "ok",
    );
    expect(
      outcome(
        await editor.http.gql(`mutation($id: ID!) { createLink(input: {nodeId: $id}) { token } }`, {
          id: file.id,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(outcome(await gqlLink(ownersToken, open, { t: ownersToken }))).toBe("ok");
  });

  test("a live feed shows paths as they are now, not as they were when the subscription started", async () => {
    const work = await mkdir(owner, owner.rootId, `Live-${Math.random()}`);
    const team = await mkdir(owner, work, "Team");
    const docs = await mkdir(owner, team, "docs");
    await shareWith(owner, team, member.email);
    const { changes } = await owner.http.must(`{ changes(first: 1000) { cursor hasMore } }`);
    expect(changes.hasMore).toBe(false);
    const seen: { name: string; path: string }[] = [];
    const client = createClient({
      url: `${server.url.replace(/^http/, "ws")}/api/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${owner.token}` },
      retryAttempts: 0,
    });
    const dispose = client.subscribe<{ changes: { entries: { node: { name: string; path: string } }[] } }>(
      {
        query: `subscription($c: Cursor) { changes(cursor: $c) { entries { node { name path } } cursor } }`,
        variables: { c: changes.cursor },
      },
      {
        next: (r) => seen.push(...(r.data?.changes.entries.map((e) => e.node) ?? [])),
        error: () => {},
        complete: () => {},
      },
    );
    const until = async (name: string) => {
      const start = Date.now();
      while (!seen.some((n) => n.name === name)) {
        if (Date.now() - start > 10_000) throw new Error(`timed out; seen ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return seen.find((n) => n.name === name)!;
    };
    try {
      await new Promise((r) => setTimeout(r, 300));
      await mkdir(owner, docs, "first");
      expect((await until("first")).path).toBe(`/${await nameOf(work)}/Team/docs/first`);
      await owner.http.must(
        `mutation($id: ID!) { rename(input: {id: $id, name: "Renamed-Live"}) { cursor } }`,
        {
          id: work,
        },
      );
      await mkdir(owner, docs, "second");
      expect((await until("second")).path).toBe("/Renamed-Live/Team/docs/second");
    } finally {
      dispose();
      await client.dispose();
    }
  });

  async function nameOf(id: string): Promise<string> {
    const { node } = await owner.http.must(`query($id: ID!) { node(id: $id) { name } }`, { id });
    return node.name;
  }
});
