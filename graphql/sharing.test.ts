/**
 * Integration: sharing (docs/sharing.md) through the real server on PGlite and PostgreSQL — the
 * permission matrix (every operation × every kind of caller), and regressions other products
 * shipped: reshare escalation, viewers restoring versions, removals that leak or over-reach,
 * brute-forced link passwords, and chunk hashes that grant content.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { chunkBytes } from "@/lib/chunking";
import { xorshift32Bytes } from "@/lib/chunking/golden";
import { applyChanges, NodeIndex } from "@/lib/sync";
import { changesQuery, nodeFromWire, type WirePage } from "@/lib/sync/wire";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { newTestUser as newUser, outcome, type TestUser as User } from "@/lib/testing/users";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function httpOutcome(status: number): string {
  if (status === 200 || status === 206) return "ok";
  return { 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND" }[status] ?? `HTTP ${status}`;
}

/** Subscribes to `changes` and collects entries; resolves `until` when a predicate holds. */
function subscribe(url: string, params: Record<string, unknown>) {
  const entries: { namespaceId: string; seq: number; node: { id: string; name: string } }[] = [];
  let pages = 0;
  let closeCode: number | undefined;
  const client = createClient({
    url: `${url.replace(/^http/, "ws")}/api/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: params,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // a refused socket shows as its close code
    on: {
      closed: (e) => {
        closeCode = (e as { code: number }).code;
      },
    },
  });
  const dispose = client.subscribe<{ changes: { entries: typeof entries } }>(
    { query: `subscription { changes { entries { namespaceId seq node { id name } } cursor } }` },
    {
      next: (r) => {
        pages++;
        if (r.data) entries.push(...r.data.changes.entries);
      },
      error: () => {},
      complete: () => {},
    },
  );
  return {
    entries,
    pages: () => pages,
    closeCode: () => closeCode,
    async until(pred: () => boolean, ms = 10_000) {
      const start = Date.now();
      while (!pred()) {
        if (Date.now() - start > ms) throw new Error(`timed out; entries ${JSON.stringify(entries)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

const PRINCIPALS = [
  "owner",
  "editor",
  "viewer",
  "stranger",
  "anonymous",
  "link",
  "revokedLink",
  "expiredLink",
] as const;
type Principal = (typeof PRINCIPALS)[number];

describe.each(TEST_DATABASES)("sharing on $name", (database) => {
  let server: TestServer;
  let dir: string;
  let owner: User;
  let editor: User;
  let viewer: User;
  let stranger: User;
  let team: string; // the shared folder
  let shareId: string;
  let file: { id: string; versionId: string; chunks: string[]; bytes: Uint8Array };
  let linkToken: string;
  let revokedToken: string;
  let expiredToken: string;

  async function upload(user: User, parentId: string, name: string, bytes: Uint8Array) {
    const src = path.join(dir, `${name}-${Math.random()}`);
    await writeFile(src, bytes);
    const up = await user.client.uploadFile(src, { parentId, name });
    return { id: up.file.id as string, versionId: up.version.id as string };
  }

  /** Runs GraphQL as a principal. */
  async function gqlAs(p: Principal, query: string, variables: Record<string, unknown> = {}) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const users: Partial<Record<Principal, User>> = { owner, editor, viewer, stranger };
    if (users[p]) headers.authorization = `Bearer ${users[p]!.token}`;
    if (p === "link") headers["x-cairn-link"] = linkToken;
    if (p === "revokedLink") headers["x-cairn-link"] = revokedToken;
    if (p === "expiredLink") headers["x-cairn-link"] = expiredToken;
    const res = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status, `HTTP status for ${p}`).toBeLessThan(500);
    return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  }

  /** GETs a binary endpoint as a principal. */
  async function getAs(p: Principal, pathname: string): Promise<number> {
    const users: Partial<Record<Principal, User>> = { owner, editor, viewer, stranger };
    const url = new URL(server.url + pathname);
    const headers: Record<string, string> = {};
    if (users[p]) headers.authorization = `Bearer ${users[p]!.token}`;
    if (p === "link") url.searchParams.set("link", linkToken);
    if (p === "revokedLink") url.searchParams.set("link", revokedToken);
    if (p === "expiredLink") url.searchParams.set("link", expiredToken);
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    return res.status;
  }

  async function mkdir(user: User, parentId: string, name: string): Promise<string> {
    const { createFolder } = await user.http.must(
      `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { node { id } } }`,
      { p: parentId, n: name },
    );
    return createFolder.node.id;
  }

  async function share(folderId: string, email: string, role: "EDITOR" | "VIEWER") {
    const { shareFolder } = await owner.http.must(
      `mutation($f: ID!, $e: String!, $r: ShareRole!) { shareFolder(input: {folderId: $f, email: $e, role: $r}) { share { id } } }`,
      { f: folderId, e: email, r: role },
    );
    return shareFolder.share.id as string;
  }

  beforeAll(async () => {
    server = await bootTestServer(database);
    dir = await mkdtemp(path.join(tmpdir(), "cairn-sharing-"));
    [owner, editor, viewer, stranger] = await Promise.all([
      newUser(server),
      newUser(server),
      newUser(server),
      newUser(server),
    ]);
    const work = await mkdir(owner, owner.rootId, "Work");
    team = await mkdir(owner, work, "Team");
    await mkdir(owner, team, "docs");
    const bytes = xorshift32Bytes(600_000, 11);
    const up = await upload(owner, team, "plan.txt", bytes);
    file = { ...up, bytes, chunks: (await chunkBytes(bytes)).map((c) => c.hash) };
    shareId = await share(team, editor.email, "EDITOR");
    expect(await share(team, viewer.email, "VIEWER")).toBe(shareId);

    const createLink = async (input: Record<string, unknown>) =>
      (
        await owner.http.must(
          `mutation($i: CreateLinkInput!) { createLink(input: $i) { token url link { id } } }`,
          { i: input },
        )
      ).createLink;
    linkToken = (await createLink({ nodeId: team })).token;
    const revoked = await createLink({ nodeId: team });
    revokedToken = revoked.token;
    await owner.http.must(`mutation($id: ID!) { revokeLink(input: {id: $id}) { id } }`, {
      id: revoked.link.id,
    });
    expiredToken = (await createLink({ nodeId: team, expiresAt: new Date(Date.now() + 1200).toISOString() }))
      .token;
    await new Promise((r) => setTimeout(r, 1300));
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("permission matrix: every operation × every caller gives exactly the expected outcome", async () => {
    const U = "UNAUTHENTICATED";
    const N = "NOT_FOUND";
    const F = "FORBIDDEN";
    // owner, editor, viewer, stranger, anonymous, link, revoked link, expired link
    const readAll = ["ok", "ok", "ok", N, U, "ok", U, U];
    const usersOnly = ["ok", "ok", "ok", N, U, U, U, U];
    const write = ["ok", "ok", F, N, U, U, U, U];
    const manage = ["ok", F, F, N, U, U, U, U];
    const expected: Record<string, string[]> = {
      "query node (file)": readAll,
      "query children (shared folder)": readAll,
      "query version": usersOnly,
      "query changes (entries of the share)": usersOnly,
      "query sharedWithMe / share(id)": ["ok", "ok", "ok", N, U, U, U, U],
      "subscription changes (entries of the share)": usersOnly,
      "GET /api/blocks/:hash": ["ok", "ok", "ok", N, U, N, U, U],
      "GET /api/files/:id/content": readAll,
      "mutation createFolder": write,
      "mutation rename": write,
      "mutation move": write,
      "mutation trash": write,
      "mutation restore": write,
      "mutation deleteForever": write,
      "mutation commitFile": write,
      "mutation restoreVersion": write,
      "mutation createLink": write,
      "mutation revokeLink": write,
      "mutation shareFolder": manage,
      "mutation setShareRole": manage,
      "mutation removeShareMember (someone else)": manage,
    };

    const fresh = async (name: string) =>
      mkdir(owner, team, `${name}-${Math.random().toString(36).slice(2, 8)}`);
    const ops: Record<string, (p: Principal) => Promise<string>> = {
      "query node (file)": async (p) =>
        outcome(await gqlAs(p, `query($id: ID!) { node(id: $id) { id name path } }`, { id: file.id })),
      "query children (shared folder)": async (p) =>
        outcome(
          await gqlAs(
            p,
            `query($id: ID!) { node(id: $id) { ... on Folder { children { nodes { name } } } } }`,
            {
              id: team,
            },
          ),
        ),
      "query version": async (p) =>
        outcome(await gqlAs(p, `query($id: ID!) { version(id: $id) { number } }`, { id: file.versionId })),
      "query changes (entries of the share)": async (p) => {
        const r = await gqlAs(p, `{ changes(first: 1000) { entries { namespaceId } } }`);
        if (r.errors?.length) return outcome(r);
        return r.data.changes.entries.some((e: { namespaceId: string }) => e.namespaceId === shareId)
          ? "ok"
          : N;
      },
      "query sharedWithMe / share(id)": async (p) =>
        outcome(await gqlAs(p, `query($id: ID!) { share(id: $id) { id role } }`, { id: shareId })),
      "subscription changes (entries of the share)": async (p) => {
        const users: Partial<Record<Principal, User>> = { owner, editor, viewer, stranger };
        const params = users[p] ? { authorization: `Bearer ${users[p]!.token}` } : {};
        const sub = subscribe(server.url, params);
        try {
          await sub.until(() => sub.pages() > 0 || sub.closeCode() !== undefined);
          if (sub.closeCode() === 4401) return U;
          return sub.entries.some((e) => e.namespaceId === shareId) ? "ok" : N;
        } finally {
          await sub.close();
        }
      },
      "GET /api/blocks/:hash": async (p) => httpOutcome(await getAs(p, `/api/blocks/${file.chunks[0]}`)),
      "GET /api/files/:id/content": async (p) => httpOutcome(await getAs(p, `/api/files/${file.id}/content`)),
      "mutation createFolder": async (p) =>
        outcome(
          await gqlAs(
            p,
            `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { node { id } } }`,
            {
              p: team,
              n: `new-${p}`,
            },
          ),
        ),
      "mutation rename": async (p) => {
        const id = await fresh("r");
        return outcome(
          await gqlAs(
            p,
            `mutation($id: ID!, $n: String!) { rename(input: {id: $id, name: $n}) { node { id } } }`,
            { id, n: `renamed-${p}` },
          ),
        );
      },
      "mutation move": async (p) => {
        const id = await fresh("m");
        const to = await fresh("to");
        return outcome(
          await gqlAs(
            p,
            `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { id } } }`,
            { id, to },
          ),
        );
      },
      "mutation trash": async (p) => {
        const id = await fresh("t");
        return outcome(
          await gqlAs(p, `mutation($id: ID!) { trash(input: {id: $id}) { node { id } } }`, { id }),
        );
      },
      "mutation restore": async (p) => {
        const id = await fresh("rs");
        await owner.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id });
        return outcome(
          await gqlAs(p, `mutation($id: ID!) { restore(input: {id: $id}) { node { id } } }`, { id }),
        );
      },
      "mutation deleteForever": async (p) => {
        const id = await fresh("d");
        await owner.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id });
        return outcome(
          await gqlAs(p, `mutation($id: ID!) { deleteForever(input: {id: $id}) { node { id } } }`, { id }),
        );
      },
      "mutation commitFile": async (p) =>
        outcome(
          await gqlAs(p, `mutation($i: CommitFileInput!) { commitFile(input: $i) { file { id } } }`, {
            i: { parentId: team, name: `copy-${p}.txt`, chunks: file.chunks, size: file.bytes.length },
          }),
        ),
      "mutation restoreVersion": async (p) =>
        outcome(
          await gqlAs(
            p,
            `mutation($f: ID!, $v: ID!) { restoreVersion(input: {fileId: $f, versionId: $v}) { version { number } } }`,
            {
              f: file.id,
              v: file.versionId,
            },
          ),
        ),
      "mutation createLink": async (p) =>
        outcome(
          await gqlAs(p, `mutation($id: ID!) { createLink(input: {nodeId: $id}) { token } }`, {
            id: file.id,
          }),
        ),
      "mutation revokeLink": async (p) => {
        const { createLink } = await owner.http.must(
          `mutation($id: ID!) { createLink(input: {nodeId: $id}) { link { id } } }`,
          {
            id: file.id,
          },
        );
        return outcome(
          await gqlAs(p, `mutation($id: ID!) { revokeLink(input: {id: $id}) { id } }`, {
            id: createLink.link.id,
          }),
        );
      },
      "mutation shareFolder": async (p) => {
        const someone = await newUser(server);
        return outcome(
          await gqlAs(
            p,
            `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: VIEWER}) { share { id } } }`,
            {
              f: team,
              e: someone.email,
            },
          ),
        );
      },
      "mutation setShareRole": async (p) => {
        const someone = await newUser(server);
        await share(team, someone.email, "VIEWER");
        return outcome(
          await gqlAs(
            p,
            `mutation($s: ID!, $u: ID!) { setShareRole(input: {shareId: $s, userId: $u, role: EDITOR}) { share { id } } }`,
            {
              s: shareId,
              u: someone.userId,
            },
          ),
        );
      },
      "mutation removeShareMember (someone else)": async (p) => {
        const someone = await newUser(server);
        await share(team, someone.email, "VIEWER");
        return outcome(
          await gqlAs(
            p,
            `mutation($s: ID!, $u: ID!) { removeShareMember(input: {shareId: $s, userId: $u}) { share { id } } }`,
            {
              s: shareId,
              u: someone.userId,
            },
          ),
        );
      },
    };

    expect(Object.keys(ops).sort()).toEqual(Object.keys(expected).sort());
    const actual: Record<string, string[]> = {};
    // Least privileged first, so the owner's writes cannot make a later denial pass by accident.
    const order = [...PRINCIPALS].reverse();
    for (const [name, run] of Object.entries(ops)) {
      const row: Partial<Record<Principal, string>> = {};
      for (const p of order) row[p] = await run(p);
      actual[name] = PRINCIPALS.map((p) => row[p]!);
    }
    expect(actual).toEqual(expected);
  });

  test("members see the shared folder at the top of their drive, never where the owner keeps it", async () => {
    const { root } = await viewer.http.must(`{ root { id children { nodes { id name path parentId } } } }`);
    const mounted = root.children.nodes.find((n: { id: string }) => n.id === team);
    expect(mounted).toMatchObject({ name: "Team", path: "/Team", parentId: viewer.rootId });
    const { node } = await viewer.http.must(`query($id: ID!) { node(id: $id) { path parent { id } } }`, {
      id: file.id,
    });
    expect(node).toEqual({ path: "/Team/plan.txt", parent: { id: team } });
    const { nodeByPath } = await viewer.http.must(`{ nodeByPath(path: "/Team/plan.txt") { id } }`);
    expect(nodeByPath.id).toBe(file.id);
    const { changes } = await viewer.http.must(
      `{ changes(first: 1000) { entries { node { id parentId path } } } }`,
    );
    const texts = JSON.stringify(changes.entries);
    expect(texts).not.toContain("Work");
    const { node: ownerView } = await owner.http.must(`query($id: ID!) { node(id: $id) { path } }`, {
      id: file.id,
    });
    expect(ownerView.path).toBe("/Work/Team/plan.txt");
    const { sharedWithMe } = await viewer.http.must(
      `{ sharedWithMe { id role owner { email } folder { id name } members { role user { email } } } }`,
    );
    expect(sharedWithMe).toEqual([
      expect.objectContaining({
        id: shareId,
        role: "VIEWER",
        owner: { email: owner.email },
        folder: { id: team, name: "Team" },
      }),
    ]);
    expect(sharedWithMe[0].members.slice(0, 3)).toEqual([
      { role: "OWNER", user: { email: owner.email } },
      { role: "EDITOR", user: { email: editor.email } },
      { role: "VIEWER", user: { email: viewer.email } },
    ]);
  });

  test("a viewer can neither re-share (at any role) nor restore a version; members cannot rename the share itself", async () => {
    const someone = await newUser(server);
    for (const role of ["EDITOR", "VIEWER"]) {
      const r = await viewer.http.gql(
        `mutation($f: ID!, $e: String!, $r: ShareRole!) { shareFolder(input: {folderId: $f, email: $e, role: $r}) { share { id } } }`,
        { f: team, e: someone.email, r: role },
      );
      expect(outcome(r)).toBe("FORBIDDEN");
      const self = await viewer.http.gql(
        `mutation($s: ID!, $u: ID!, $r: ShareRole!) { setShareRole(input: {shareId: $s, userId: $u, role: $r}) { share { id } } }`,
        { s: shareId, u: viewer.userId, r: role },
      );
      expect(outcome(self)).toBe("FORBIDDEN");
    }
    expect((await someone.http.must(`{ sharedWithMe { id } }`)).sharedWithMe).toEqual([]);
    const restore = await viewer.http.gql(
      `mutation($f: ID!, $v: ID!) { restoreVersion(input: {fileId: $f, versionId: $v}) { version { number } } }`,
      { f: file.id, v: file.versionId },
    );
    expect(outcome(restore)).toBe("FORBIDDEN");
    const rename = await editor.http.gql(
      `mutation($id: ID!) { rename(input: {id: $id, name: "Mine"}) { node { id } } }`,
      { id: team },
    );
    expect(outcome(rename)).toBe("FORBIDDEN");
    const trash = await editor.http.gql(`mutation($id: ID!) { trash(input: {id: $id}) { node { id } } }`, {
      id: team,
    });
    expect(outcome(trash)).toBe("FORBIDDEN");
  });

  test("a role change applies to the next request; removing one member leaves the others' access intact", async () => {
    const a = await newUser(server);
    const b = await newUser(server);
    const folder = await mkdir(owner, owner.rootId, `Roles-${Math.random()}`);
    const sid = await share(folder, a.email, "EDITOR");
    await share(folder, b.email, "EDITOR");
    const mk = (u: User, n: string) =>
      u.http.gql(
        `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { node { id } } }`,
        { p: folder, n },
      );
    expect(outcome(await mk(a, "a1"))).toBe("ok");
    await owner.http.must(
      `mutation($s: ID!, $u: ID!) { setShareRole(input: {shareId: $s, userId: $u, role: VIEWER}) { share { id } } }`,
      {
        s: sid,
        u: a.userId,
      },
    );
    expect(outcome(await mk(a, "a2"))).toBe("FORBIDDEN");
    await owner.http.must(
      `mutation($s: ID!, $u: ID!) { removeShareMember(input: {shareId: $s, userId: $u}) { share { id } } }`,
      {
        s: sid,
        u: a.userId,
      },
    );
    expect(outcome(await a.http.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: folder }))).toBe(
      "NOT_FOUND",
    );
    expect(outcome(await mk(b, "b1"))).toBe("ok");
    const { node } = await b.http.must(
      `query($id: ID!) { node(id: $id) { ... on Folder { children { nodes { name } } } } }`,
      { id: folder },
    );
    expect(node.children.nodes.map((n: { name: string }) => n.name).sort()).toEqual(["a1", "b1"]);
    // A member can leave by themself.
    await b.http.must(
      `mutation($s: ID!, $u: ID!) { removeShareMember(input: {shareId: $s, userId: $u}) { share { id } } }`,
      {
        s: sid,
        u: b.userId,
      },
    );
    expect((await b.http.must(`{ sharedWithMe { id } }`)).sharedWithMe).toEqual([]);
  });

  test("a removed member loses access at once: their open subscription gets no entry of the share after the removal", async () => {
    const member = await newUser(server);
    const folder = await mkdir(owner, owner.rootId, `Live-${Math.random()}`);
    const sid = await share(folder, member.email, "VIEWER");
    const sub = subscribe(server.url, { authorization: `Bearer ${member.token}` });
    try {
      await sub.until(() => sub.entries.some((e) => e.namespaceId === sid));
      await mkdir(owner, folder, "before-removal");
      await sub.until(() => sub.entries.some((e) => e.node.name === "before-removal"));
      await owner.http.must(
        `mutation($s: ID!, $u: ID!) { removeShareMember(input: {shareId: $s, userId: $u}) { share { id } } }`,
        {
          s: sid,
          u: member.userId,
        },
      );
      // The member's devices are told the folder is gone (in their own journal).
      await sub.until(() => sub.entries.some((e) => e.node.id === folder && e.namespaceId !== sid));
      const seen = sub.entries.length;
      for (let i = 0; i < 5; i++) await mkdir(owner, folder, `after-removal-${i}`);
      await new Promise((r) => setTimeout(r, 500));
      expect(sub.entries.slice(seen).filter((e) => e.namespaceId === sid)).toEqual([]);
      expect(sub.entries.some((e) => e.node.name.startsWith("after-removal"))).toBe(false);
      const { changes } = await member.http.must(
        `{ changes(first: 1000) { entries { namespaceId op node { id } } } }`,
      );
      expect(changes.entries.some((e: { namespaceId: string }) => e.namespaceId === sid)).toBe(false);
      expect(changes.entries.at(-1)).toMatchObject({ op: "DELETE", node: { id: folder } });
    } finally {
      await sub.close();
    }
  });

  test("knowing a shared file's chunk hashes gives a stranger nothing; members hold them", async () => {
    const prep = `mutation($c: [ChunkInput!]!) { prepareUpload(input: {chunks: $c}) { missing } }`;
    const chunks = (await chunkBytes(file.bytes)).map((c) => ({ hash: c.hash, size: c.size }));
    const strangerPrep = await stranger.http.must(prep, { c: chunks });
    expect(strangerPrep.prepareUpload.missing.sort()).toEqual(chunks.map((c) => c.hash).sort());
    const commit = await stranger.http.gql(
      `mutation($i: CommitFileInput!) { commitFile(input: $i) { file { id } } }`,
      {
        i: { parentId: stranger.rootId, name: "stolen.txt", chunks: file.chunks, size: file.bytes.length },
      },
    );
    expect(outcome(commit)).toBe("CHUNK_MISSING");
    expect(await getAs("stranger", `/api/blocks/${file.chunks[0]}`)).toBe(404);
    const viewerPrep = await viewer.http.must(prep, { c: chunks });
    expect(viewerPrep.prepareUpload.missing).toEqual([]);
    const res = await fetch(`${server.url}/api/blocks/${file.chunks[0]}`, {
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(file.chunks[0]);
  });

  test("a link password cannot be brute forced: after 5 wrong tries even the right one waits", async () => {
    const { createLink } = await owner.http.must(
      `mutation($id: ID!) { createLink(input: {nodeId: $id, password: "right horse battery"}) { token } }`,
      { id: file.id },
    );
    const open = (password?: string) =>
      gqlAnon(
        `query($t: String!, $p: String) { publicLink(token: $t, password: $p) { passwordRequired grant node { id name } } }`,
        {
          t: createLink.token,
          p: password,
        },
      );
    const locked = await open();
    expect(locked.data.publicLink).toEqual({ passwordRequired: true, grant: null, node: null });
    for (let i = 0; i < 5; i++) expect(outcome(await open(`wrong guess ${i}`))).toBe("FORBIDDEN");
    const limited = await open("right horse battery");
    expect(outcome(limited)).toBe("RATE_LIMITED");
    expect(limited.errors![0]!.extensions).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(
      (limited.errors![0]!.extensions as { retryAfterSeconds: number }).retryAfterSeconds,
    ).toBeGreaterThanOrEqual(20);
    // Content needs the grant, which only the right password (once the lock passes) gives.
    const res = await fetch(`${server.url}/api/files/${file.id}/content?link=${createLink.token}`);
    expect(res.status).toBe(401);
    await res.arrayBuffer();
  });

  test("a password link opens with the right password and its grant downloads the item; an unlocked link holder stays inside it", async () => {
    const { createLink } = await owner.http.must(
      `mutation($id: ID!) { createLink(input: {nodeId: $id, password: "open sesame 42"}) { token url } }`,
      { id: team },
    );
    expect(createLink.url).toMatch(new RegExp(`/s/${createLink.token}$`));
    const opened = await gqlAnon(
      `query($t: String!) { publicLink(token: $t, password: "open sesame 42") { grant node { id name path ... on Folder { children { nodes { id name } } } } } }`,
      { t: createLink.token },
    );
    expect(outcome(opened)).toBe("ok");
    const { grant, node } = opened.data.publicLink;
    expect(node).toMatchObject({ id: team, name: "Team", path: "/Team" });
    expect(node.children.nodes.map((n: { name: string }) => n.name)).toContain("plan.txt");
    const res = await fetch(
      `${server.url}/api/files/${file.id}/content?link=${createLink.token}&grant=${encodeURIComponent(grant)}`,
    );
    expect(res.status).toBe(200);
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(file.bytes));
    // Nothing outside the link's folder, nothing in history, nothing writable.
    const headers = { "x-cairn-link": createLink.token, "x-cairn-link-grant": grant };
    const outside = await gqlAnon(`query($id: ID!) { node(id: $id) { id } }`, { id: owner.rootId }, headers);
    expect(outcome(outside)).toBe("NOT_FOUND");
    const parent = await gqlAnon(
      `query($id: ID!) { node(id: $id) { parent { id } } }`,
      { id: team },
      headers,
    );
    expect(parent.data.node.parent).toBeNull();
    const old = await fetch(
      `${server.url}/api/files/${file.id}/content?version=1&link=${createLink.token}&grant=${encodeURIComponent(grant)}`,
    );
    expect(old.status).toBe(404);
    await old.arrayBuffer();
    const write = await gqlAnon(
      `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "x"}) { node { id } } }`,
      { p: team },
      headers,
    );
    expect(outcome(write)).toBe("UNAUTHENTICATED");
    const forged = await fetch(
      `${server.url}/api/files/${file.id}/content?link=${createLink.token}&grant=${encodeURIComponent(`${Date.now() + 60_000}.AAAA`)}`,
    );
    expect(forged.status).toBe(401);
    await forged.arrayBuffer();
  });

  async function gqlAnon(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBeLessThan(500);
    return (await res.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] };
  }

  test("deleting a shared folder for good removes it from every member's drive", async () => {
    const member = await newUser(server);
    const folder = await mkdir(owner, owner.rootId, `Gone-${Math.random()}`);
    const sid = await share(folder, member.email, "EDITOR");
    await owner.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id: folder });
    const { trash } = await owner.http.must(`{ trash(first: 100) { nodes { id } } }`);
    expect(trash.nodes.map((n: { id: string }) => n.id)).toContain(folder);
    await owner.http.must(`mutation($id: ID!) { deleteForever(input: {id: $id}) { cursor } }`, {
      id: folder,
    });
    expect((await member.http.must(`{ sharedWithMe { id } }`)).sharedWithMe).toEqual([]);
    const { changes } = await member.http.must(
      `{ changes(first: 1000) { entries { namespaceId op node { id } } } }`,
    );
    expect(
      changes.entries.filter((e: { node: { id: string } }) => e.node.id === folder).at(-1),
    ).toMatchObject({ op: "DELETE" });
    expect(changes.entries.some((e: { namespaceId: string }) => e.namespaceId === sid)).toBe(false);
  });

  test("shared folders do not nest; a shared folder itself moves within its owner's drive", async () => {
    const member = await newUser(server);
    const outer = await mkdir(owner, owner.rootId, `Outer-${Math.random()}`);
    const inner = await mkdir(owner, outer, "Inner");
    await share(inner, member.email, "VIEWER");
    const nested = await owner.http.gql(
      `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: VIEWER}) { share { id } } }`,
      { f: outer, e: member.email },
    );
    expect(outcome(nested)).toBe("BAD_INPUT");
    const loose = await mkdir(owner, owner.rootId, `Loose-${Math.random()}`);
    const move = await owner.http.gql(
      `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { id } } }`,
      {
        id: loose,
        to: inner,
      },
    );
    expect(outcome(move)).toBe("ok");
    // The shared folder itself moves within its owner's drive; members keep it at their top.
    const moved = await owner.http.must(
      `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { path } } }`,
      {
        id: inner,
        to: owner.rootId,
      },
    );
    expect(moved.move.node.path).toBe("/Inner");
    const trashOuter = await owner.http.gql(
      `mutation($id: ID!) { trash(input: {id: $id}) { node { id } } }`,
      { id: outer },
    );
    expect(outcome(trashOuter)).toBe("ok");
    const { node } = await member.http.must(`query($id: ID!) { node(id: $id) { path parentId } }`, {
      id: inner,
    });
    expect(node).toEqual({ path: "/Inner", parentId: member.rootId });
  });

  test("quota: counted once per distinct chunk for the owner, enforced at commit with a clear error, freed by deleting", async () => {
    const u = await newUser(server);
    const member = await newUser(server);
    await server.database.db.execute(sql`UPDATE users SET quota_bytes = 1500000 WHERE id = ${u.userId}`);
    const storage = async (who: User) =>
      (await who.http.must(`{ storage { usedBytes quotaBytes } }`)).storage;
    expect(await storage(u)).toEqual({ usedBytes: 0, quotaBytes: 1500000 });
    const a = xorshift32Bytes(600_000, 21);
    const first = await upload(u, u.rootId, "a.bin", a);
    await upload(u, u.rootId, "a-copy.bin", a);
    expect((await storage(u)).usedBytes).toBe(600_000);
    const big = xorshift32Bytes(1_000_000, 22);
    const refused = await upload(u, u.rootId, "big.bin", big).then(
      () => "accepted",
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe("QUOTA_EXCEEDED");
    const { root } = await u.http.must(`{ root { children { nodes { name } } } }`);
    expect(root.children.nodes.map((n: { name: string }) => n.name).sort()).toEqual(["a-copy.bin", "a.bin"]);
    expect((await storage(u)).usedBytes).toBe(600_000);
    // A member's uploads into a shared folder count for its owner, not for the member.
    const folder = await mkdir(u, u.rootId, "Shared");
    const { shareFolder } = await u.http.must(
      `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: EDITOR}) { share { id } } }`,
      { f: folder, e: member.email },
    );
    expect(shareFolder.share.id).toBeTruthy();
    await upload(member, folder, "m.bin", xorshift32Bytes(300_000, 23));
    expect((await storage(u)).usedBytes).toBe(900_000);
    expect((await storage(member)).usedBytes).toBe(0);
    // Deleting for good frees what nothing else references.
    for (const name of ["a.bin", "a-copy.bin"]) {
      const { nodeByPath } = await u.http.must(`query($p: String!) { nodeByPath(path: $p) { id } }`, {
        p: `/${name}`,
      });
      await u.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id: nodeByPath.id });
      await u.http.must(`mutation($id: ID!) { deleteForever(input: {id: $id}) { cursor } }`, {
        id: nodeByPath.id,
      });
    }
    expect((await storage(u)).usedBytes).toBe(300_000);
    expect(first.id).toBeTruthy();
    await upload(u, u.rootId, "big.bin", big);
    expect((await storage(u)).usedBytes).toBe(1_300_000);
  });

  test("quota: a member's move into a shared folder is charged to its owner, and refused past the owner's quota", async () => {
    const o = await newUser(server);
    const member = await newUser(server);
    await server.database.db.execute(sql`UPDATE users SET quota_bytes = 1000000 WHERE id = ${o.userId}`);
    const used = async (who: User) => (await who.http.must(`{ storage { usedBytes } }`)).storage.usedBytes;
    const folder = await mkdir(o, o.rootId, "Team");
    await o.http.must(
      `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: EDITOR}) { share { id } } }`,
      { f: folder, e: member.email },
    );
    await upload(o, folder, "o.bin", xorshift32Bytes(300_000, 41));
    const big = await upload(member, member.rootId, "big.bin", xorshift32Bytes(800_000, 42));
    const small = await upload(member, member.rootId, "small.bin", xorshift32Bytes(100_000, 43));
    expect([await used(o), await used(member)]).toEqual([300_000, 900_000]);
    const move = (id: string) =>
      member.http.gql(
        `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { id } } }`,
        {
          id,
          to: folder,
        },
      );
    const refused = await move(big.id);
    expect(outcome(refused)).toBe("QUOTA_EXCEEDED");
    expect(refused.errors?.[0]?.extensions).toMatchObject({ quotaBytes: 1_000_000, neededBytes: 800_000 });
    // Nothing changed: the file is still in the member's drive and both counts are as they were.
    const { node } = await member.http.must(`query($id: ID!) { node(id: $id) { parentId } }`, { id: big.id });
    expect(node.parentId).toBe(member.rootId);
    expect([await used(o), await used(member)]).toEqual([300_000, 900_000]);
    // What fits moves, and is charged to the owner instead of the member.
    expect(outcome(await move(small.id))).toBe("ok");
    expect([await used(o), await used(member)]).toEqual([400_000, 800_000]);
  });

  test("a single shared file: in the grantee's drive, new versions reach them live, editors save versions, a stale save keeps both", async () => {
    const ed = await newUser(server);
    const vw = await newUser(server);
    const folder = await mkdir(owner, owner.rootId, `Reports-${Math.random()}`);
    const v1 = xorshift32Bytes(300_000, 31);
    const up = await upload(owner, folder, "q3.txt", v1);
    const shareFile = (email: string, role: string) =>
      owner.http.must(
        `mutation($f: ID!, $e: String!, $r: ShareRole!) { shareFile(input: {fileId: $f, email: $e, role: $r}) { share { id item { id name } folder { id } } } }`,
        { f: up.id, e: email, r: role },
      );
    const shared = (await shareFile(ed.email, "EDITOR")).shareFile.share;
    expect(shared).toMatchObject({ item: { id: up.id, name: "q3.txt" }, folder: null });
    await shareFile(vw.email, "VIEWER");
    const asFolder = await owner.http.gql(
      `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: VIEWER}) { share { id } } }`,
      { f: up.id, e: vw.email },
    );
    expect(outcome(asFolder)).toBe("BAD_INPUT");
    const { sharedWithMe } = await vw.http.must(
      `{ sharedWithMe { id role item { id name path parentId } } }`,
    );
    expect(sharedWithMe).toEqual([
      {
        id: shared.id,
        role: "VIEWER",
        item: { id: up.id, name: "q3.txt", path: "/q3.txt", parentId: vw.rootId },
      },
    ]);
    const { root } = await vw.http.must(`{ root { children { nodes { id } } } }`);
    expect(root.children.nodes.map((n: { id: string }) => n.id)).toContain(up.id);

    const sub = subscribe(server.url, { authorization: `Bearer ${vw.token}` });
    try {
      await sub.until(() => sub.entries.some((e) => e.namespaceId === shared.id));
      const seen = sub.entries.length;
      // The editor saves version 2 from their own drive (the file's parent there is their root).
      const src = path.join(dir, `q3-v2-${Math.random()}`);
      const v2 = xorshift32Bytes(320_000, 32);
      await writeFile(src, v2);
      const saved = await ed.client.uploadFile(src, {
        parentId: ed.rootId,
        name: "q3.txt",
        fileId: up.id,
        baseVersionId: up.versionId,
      });
      expect(saved.version.number).toBe(2);
      expect(saved.file.id).toBe(up.id);
      await sub.until(() => sub.entries.slice(seen).some((e) => e.node.id === up.id));
      const res = await fetch(`${server.url}/api/files/${up.id}/content`, {
        headers: { authorization: `Bearer ${vw.token}` },
      });
      expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(v2));
      // A viewer cannot save; an editor with a stale base keeps both: the copy lands in their drive.
      await writeFile(src, xorshift32Bytes(310_000, 33));
      const refused = await vw.client
        .uploadFile(src, {
          parentId: vw.rootId,
          name: "q3.txt",
          fileId: up.id,
          baseVersionId: saved.version.id,
        })
        .then(
          () => "accepted",
          (e: { code?: string }) => e.code,
        );
      expect(refused).toBe("FORBIDDEN");
      const stale = await ed.client.uploadFile(src, {
        parentId: ed.rootId,
        name: "q3.txt",
        fileId: up.id,
        baseVersionId: up.versionId,
        deviceName: "Laptop",
      });
      expect(stale.conflict?.reason).toBe("STALE_BASE");
      expect(stale.file.parentId).toBe(ed.rootId);
      expect(stale.file.name).toMatch(/^q3 \(Laptop's conflicted copy \d{4}-\d{2}-\d{2}\)\.txt$/);
      const rename = await ed.http.gql(
        `mutation($id: ID!) { rename(input: {id: $id, name: "mine.txt"}) { node { id } } }`,
        {
          id: up.id,
        },
      );
      expect(outcome(rename)).toBe("FORBIDDEN");
      const { node } = await owner.http.must(
        `query($id: ID!) { node(id: $id) { path ... on File { versions { nodes { number } } } } }`,
        {
          id: up.id,
        },
      );
      expect(node.path).toMatch(/^\/Reports-[^/]+\/q3\.txt$/);
      expect(node.versions.nodes.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    } finally {
      await sub.close();
    }
  });

  test("moving a folder into and out of a shared folder moves its entries between namespaces for every member", async () => {
    const member = await newUser(server);
    const share = await mkdir(owner, owner.rootId, `Into-${Math.random()}`);
    const sid = (
      await owner.http.must(
        `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: VIEWER}) { share { id } } }`,
        { f: share, e: member.email },
      )
    ).shareFolder.share.id;
    const mover = await mkdir(owner, owner.rootId, `Mover-${Math.random()}`);
    const inner = await mkdir(owner, mover, "inner");
    const bytes = xorshift32Bytes(280_000, 41);
    const f = await upload(owner, inner, "deep.bin", bytes);
    const storageBefore = (await owner.http.must(`{ storage { usedBytes } }`)).storage.usedBytes;

    /** The index a device of `user` builds from the whole feed (the way lib/sync applies it). */
    const indexOf = async (user: User) => {
      const index = new NodeIndex();
      let cursor: string | null = null;
      for (;;) {
        const { changes } = (await user.http.must(changesQuery({ currentVersionId: true }), {
          cursor,
          first: 1000,
        })) as {
          changes: WirePage;
        };
        const page = {
          ...changes,
          entries: changes.entries.map((e) => ({ ...e, node: nodeFromWire(e.node) })),
        };
        index.apply(applyChanges(index, page));
        cursor = changes.cursor;
        if (!changes.hasMore) return index;
      }
    };

    const into = await owner.http.must(
      `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { namespaceId path } } }`,
      {
        id: mover,
        to: share,
      },
    );
    expect(into.move.node.namespaceId).toBe(sid);
    const memberRead = await fetch(`${server.url}/api/files/${f.id}/content`, {
      headers: { authorization: `Bearer ${member.token}` },
    });
    expect(sha(new Uint8Array(await memberRead.arrayBuffer()))).toBe(sha(bytes));
    const memberIndex = await indexOf(member);
    expect(memberIndex.get(f.id)).toMatchObject({ namespaceId: sid, parentId: inner });
    expect(memberIndex.get(mover)).toMatchObject({ namespaceId: sid, parentId: share });
    const ownerIndex = await indexOf(owner);
    expect(ownerIndex.get(f.id)).toMatchObject({ namespaceId: sid });
    expect(ownerIndex.get(mover)).toMatchObject({ namespaceId: sid, parentId: share });
    expect((await owner.http.must(`{ storage { usedBytes } }`)).storage.usedBytes).toBe(storageBefore);

    await owner.http.must(
      `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { id } } }`,
      {
        id: mover,
        to: owner.rootId,
      },
    );
    const denied = await fetch(`${server.url}/api/files/${f.id}/content`, {
      headers: { authorization: `Bearer ${member.token}` },
    });
    expect(denied.status).toBe(404);
    await denied.arrayBuffer();
    const memberAfter = await indexOf(member);
    expect(memberAfter.get(mover)).toBeUndefined();
    expect(memberAfter.get(f.id)).toBeUndefined();
    expect(memberAfter.get(share)).toBeDefined();
    const ownerAfter = await indexOf(owner);
    expect(ownerAfter.get(mover)).toMatchObject({
      namespaceId: owner.rootId ? ownerAfter.get(owner.rootId)!.namespaceId : "",
      parentId: owner.rootId,
    });
    expect(ownerAfter.get(f.id)).toMatchObject({ parentId: inner });
    // A folder that holds a shared folder cannot go into another one.
    const holder = await mkdir(owner, owner.rootId, `Holder-${Math.random()}`);
    await owner.http.must(
      `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { id } } }`,
      { id: share, to: holder },
    );
    const other = await mkdir(owner, owner.rootId, `Other-${Math.random()}`);
    await owner.http.must(
      `mutation($f: ID!, $e: String!) { shareFolder(input: {folderId: $f, email: $e, role: VIEWER}) { share { id } } }`,
      { f: other, e: member.email },
    );
    const nested = await owner.http.gql(
      `mutation($id: ID!, $to: ID!) { move(input: {id: $id, parentId: $to}) { node { id } } }`,
      {
        id: holder,
        to: other,
      },
    );
    expect(outcome(nested)).toBe("CONFLICT");
  });

  test("a link dies with what it opened: a node later created with the same id is not reachable through it", async () => {
    const id = crypto.randomUUID();
    const create = () =>
      owner.http.must(
        `mutation($p: ID!, $id: ID!) { createFolder(input: {parentId: $p, name: "Reborn", id: $id}) { node { id } } }`,
        {
          p: owner.rootId,
          id,
        },
      );
    await create();
    const { createLink } = await owner.http.must(
      `mutation($id: ID!) { createLink(input: {nodeId: $id}) { token } }`,
      { id },
    );
    await owner.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id });
    await owner.http.must(`mutation($id: ID!) { deleteForever(input: {id: $id}) { cursor } }`, { id });
    await create();
    const opened = await gqlAnon(`query($t: String!) { publicLink(token: $t) { node { id } } }`, {
      t: createLink.token,
    });
    expect(outcome(opened)).toBe("NOT_FOUND");
  });
});
