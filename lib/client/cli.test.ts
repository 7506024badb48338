/**
 * The `cairn` CLI end to end: the real launcher (bin/cairn.mjs) in a child process against the
 * real server, on PGlite and (with DATABASE_URL) PostgreSQL.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestClient } from "@/lib/testing/client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";

const MiB = 1024 * 1024;
const LAUNCHER = fileURLToPath(new URL("../../bin/cairn.mjs", import.meta.url));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment without the caller's own Cairn settings, so only what a test passes counts. */
const inherited: NodeJS.ProcessEnv = { ...process.env };
for (const key of ["CAIRN_URL", "CAIRN_TOKEN", "CAIRN_DEBUG"]) delete inherited[key];

/** Runs the CLI as a user would (asynchronously: the server runs in this process). */
function cairn(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAUNCHER, ...args],
      {
        cwd,
        env: { ...inherited, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe.each(TEST_DATABASES)("cairn CLI on $name", (database) => {
  let server: TestServer;
  let dir: string;
  let env: Record<string, string>;
  let http: TestClient;

  beforeAll(async () => {
    server = await bootTestServer(database);
    dir = await mkdtemp(path.join(tmpdir(), "cairn-cli-"));
    http = new TestClient(server.url);
    await http.signUp();
    const { createAccessToken } = await http.must(
      `mutation { createAccessToken(input: {name: "cli"}) { token } }`,
    );
    env = { CAIRN_URL: server.url, CAIRN_TOKEN: createAccessToken.token };
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("upload, re-upload after an edit (sends little, reports skipped bytes), download byte-identical", async () => {
    const { root } = await http.must("{ root { id } }");
    await http.must(
      `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "Docs"}) { node { id } } }`,
      {
        p: root.id,
      },
    );
    const original = randomBytes(12 * MiB);
    await writeFile(path.join(dir, "data.bin"), original);

    const first = await cairn(["upload", "data.bin", "/Docs"], env, dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^uploaded data\.bin → \/Docs\/data\.bin \(new file\): sent 12\.0 MiB in \d+ of \d+ chunks, skipped 0 B, [\d.]+ s\n$/,
    );

    const edited = Buffer.concat([
      original.subarray(0, 6 * MiB),
      Buffer.from("ten bytes!"),
      original.subarray(6 * MiB),
    ]);
    await writeFile(path.join(dir, "data.bin"), edited);
    const second = await cairn(["upload", "data.bin", "Docs/"], env, dir);
    expect(second.code).toBe(0);
    const m = /\(version 2\): sent ([\d.]+) (MiB|KiB) in (\d+) of (\d+) chunks, skipped ([\d.]+) MiB/.exec(
      second.stdout,
    );
    expect(m, second.stdout).not.toBeNull();
    expect(Number(m![3])).toBeLessThanOrEqual(3);
    expect(Number(m![5])).toBeGreaterThan(0);
    expect(Number(m![5])).toBeGreaterThanOrEqual(12 - 3 * 4);

    const json = await cairn(["upload", "data.bin", "/Docs", "--json"], env, dir);
    expect(json.code).toBe(0);
    const unchanged = JSON.parse(json.stdout);
    expect(unchanged).toMatchObject({
      path: "/Docs/data.bin",
      chunksSent: 0,
      bytesSent: 0,
      bytesSkipped: edited.length,
    });

    const down = await cairn(["download", "/Docs/data.bin", "out.bin"], env, dir);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/^downloaded \/Docs\/data\.bin \(version \d\) → out\.bin: 12\.0 MiB in /);
    expect(sha(await readFile(path.join(dir, "out.bin")))).toBe(sha(edited));

    const v1 = await cairn(["download", "/Docs/data.bin", "v1.bin", "--version", "1"], env, dir);
    expect(v1.code).toBe(0);
    expect(sha(await readFile(path.join(dir, "v1.bin")))).toBe(sha(original));
  });

  test("a bad token exits 1 with a clear one-line message and no stack", async () => {
    await writeFile(path.join(dir, "small.txt"), "hello\n");
    for (const args of [
      ["upload", "small.txt"],
      ["download", "/small.txt"],
    ]) {
      const r = await cairn(args, { ...env, CAIRN_TOKEN: "cairn_pat_not-a-real-token" }, dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^cairn: the server at .* refused the token: check --token or CAIRN_TOKEN/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test("a missing token, an unknown remote path and an unreachable server each exit 1 with a message", async () => {
    const noToken = await cairn(["upload", "small.txt"], { CAIRN_URL: server.url }, dir);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/^cairn: no access token: pass --token or set CAIRN_TOKEN/);

    const unknownFile = await cairn(["download", "/nowhere/x.bin"], env, dir);
    expect(unknownFile.code).toBe(1);
    expect(unknownFile.stderr).toBe("cairn: no such remote file: /nowhere/x.bin\n");

    const unknownFolder = await cairn(["upload", "small.txt", "/nowhere"], env, dir);
    expect(unknownFolder.code).toBe(1);
    expect(unknownFolder.stderr).toBe("cairn: no such remote folder: /nowhere\n");

    const port = await closedPort();
    const unreachable = await cairn(
      ["upload", "small.txt", "--server", `http://127.0.0.1:${port}`],
      env,
      dir,
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^cairn: cannot reach the Cairn server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
  });
});
