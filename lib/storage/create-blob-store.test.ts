import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createBlobStore, InvalidBlobStoreUrlError } from "./create-blob-store";
import { GcsBlobStore } from "./gcs";
import { LocalDiskBlobStore } from "./local-disk";
import { type FakeGcsServer, startFakeGcsServer } from "./testing/fake-gcs-server";
import { bytesOf, readAll, sha256 } from "./testing/test-bytes";

let dir: string;
let server: FakeGcsServer;
const savedEmulatorHost = process.env.STORAGE_EMULATOR_HOST;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cairn-create-"));
  server = await startFakeGcsServer();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await server?.close();
});
afterEach(() => {
  if (savedEmulatorHost === undefined) delete process.env.STORAGE_EMULATOR_HOST;
  else process.env.STORAGE_EMULATOR_HOST = savedEmulatorHost;
});

describe("createBlobStore", () => {
  test("file:///abs/path opens a LocalDiskBlobStore there", async () => {
    const root = join(dir, "from-url");
    const store = await createBlobStore(pathToFileURL(root).href);
    expect(store).toBeInstanceOf(LocalDiskBlobStore);
    expect((store as LocalDiskBlobStore).root).toBe(root);
    await store.close();
  });

  test("a plain absolute or relative path opens a LocalDiskBlobStore", async () => {
    const absolute = await createBlobStore(join(dir, "plain"));
    expect((absolute as LocalDiskBlobStore).root).toBe(join(dir, "plain"));
    const rel = relative(process.cwd(), join(dir, "relative"));
    const relativeStore = await createBlobStore(rel);
    expect((relativeStore as LocalDiskBlobStore).root).toBe(join(dir, "relative"));
  });

  test("gs://bucket/prefix opens a working GcsBlobStore (endpoint from STORAGE_EMULATOR_HOST)", async () => {
    process.env.STORAGE_EMULATOR_HOST = server.url;
    const store = await createBlobStore("gs://cairn-blocks/some/prefix");
    expect(store).toBeInstanceOf(GcsBlobStore);
    expect((store as GcsBlobStore).bucketName).toBe("cairn-blocks");
    expect((store as GcsBlobStore).prefix).toBe("some/prefix/");
    const bytes = bytesOf(1000, 1);
    await store.put(sha256(bytes), bytes, { size: bytes.length });
    expect(Buffer.from(await readAll(await store.get(sha256(bytes)))).equals(bytes)).toBe(true);
    expect(((await createBlobStore("gs://cairn-blocks")) as GcsBlobStore).prefix).toBe("");
    expect(((await createBlobStore("gs://cairn-blocks/")) as GcsBlobStore).prefix).toBe("");
  });

  test("each call opens a new store: there is no shared client", async () => {
    const a = await createBlobStore(join(dir, "same"));
    const b = await createBlobStore(join(dir, "same"));
    expect(a).not.toBe(b);
    await a.close();
    expect(await b.has(sha256(bytesOf(1)))).toBe(false);
  });

  const invalid = [
    "",
    "   ",
    "s3://bucket/x",
    "http://example.com/blocks",
    "gs://",
    "gs:///prefix",
    "gs://UPPER",
    "file://remote-host/x",
  ];
  for (const url of invalid) {
    test(`${JSON.stringify(url)} is refused with an error naming the accepted forms`, async () => {
      const err = await createBlobStore(url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidBlobStoreUrlError);
      expect((err as Error).message).toContain("file:///absolute/path");
      expect((err as Error).message).toContain("gs://bucket[/prefix]");
    });
  }
});
