import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { type ChunkHash, parseChunkHash } from "../chunking/chunk-hash";
import { LocalDiskBlobStore } from "./local-disk";
import { bytesOf, readAll, sha256 } from "./testing/test-bytes";

const CHILD = fileURLToPath(new URL("./testing/crash-put-child.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the child until it prints `HALF <hash>`, then SIGKILLs it and waits for it to be gone. */
async function killMidPut(root: string): Promise<{ done: string; torn: string; tempSizes: number[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, root, "half"], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  const half = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /HALF ([0-9a-f]{64})\n/.exec(stdout);
      if (m) resolve(m);
    });
    exited.then((how) => reject(new Error(`child exited (${how}) before HALF:\n${stdout}\n${stderr}`)));
  });
  // The put is in the middle of its write: its temp file holds the first half.
  const temps = await readdir(join(root, "tmp"));
  const tempSizes = await Promise.all(temps.map(async (t) => (await stat(join(root, "tmp", t))).size));
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  const done = /DONE ([0-9a-f]{64})\n/.exec(stdout)?.[1];
  if (!done) throw new Error(`child did not finish its first put:\n${stdout}\n${stderr}`);
  return { done, torn: half[1]!, tempSizes };
}

test("a put killed mid-write leaves no trace of its blob, and reopening removes its temp file", async () => {
  dir = await mkdtemp(join(tmpdir(), "cairn-crash-"));
  const { done, torn, tempSizes } = await killMidPut(dir);
  expect(tempSizes).toEqual([1024 * 1024]); // half of the torn blob was on disk when it died

  // Before reopening, the temp file is still there, but the blob is not visible.
  expect(await readdir(join(dir, "tmp"))).toHaveLength(1);
  await expect(stat(join(dir, torn.slice(0, 2), torn.slice(2, 4), torn))).rejects.toMatchObject({
    code: "ENOENT",
  });

  const store = await LocalDiskBlobStore.open(dir);
  expect(await readdir(join(dir, "tmp"))).toEqual([]);
  const tornHash = parseChunkHash(torn);
  expect(await store.has(tornHash)).toBe(false);
  expect(await store.stat(tornHash)).toBeUndefined();
  const listed: string[] = [];
  for await (const hash of store.list()) listed.push(hash);
  expect(listed).toEqual([done]); // only the put that completed before the kill

  // The completed blob is whole, and the torn one can be put afresh.
  const whole = bytesOf(1024 * 1024, 1);
  expect(done).toBe(sha256(whole));
  expect(Buffer.from(await readAll(await store.get(parseChunkHash(done)))).equals(whole)).toBe(true);
  const tornBytes = bytesOf(2 * 1024 * 1024, 2);
  expect(await store.put(tornHash, tornBytes, { size: tornBytes.length })).toEqual({ created: true });
  await store.close();
});

test("after SIGKILLs at arbitrary moments of concurrent puts, every visible blob is whole", async () => {
  dir = await mkdtemp(join(tmpdir(), "cairn-crash-"));
  const root = dir;
  let seen = 0;
  for (const delayMs of [150, 400, 900]) {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, root, "loop"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      exited.then(() => reject(new Error("child exited early")));
    });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    child.kill("SIGKILL");
    await exited;

    const store = await LocalDiskBlobStore.open(root);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
    const listed: ChunkHash[] = [];
    for await (const hash of store.list()) listed.push(hash);
    for (const hash of listed) expect(sha256(await readAll(await store.get(hash)))).toBe(hash);
    expect(listed.length).toBeGreaterThanOrEqual(seen); // nothing that was whole went away
    seen = listed.length;
    await store.close();
  }
});
