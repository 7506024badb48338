import { Storage } from "@google-cloud/storage";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { GcsBlobStore } from "./gcs";
import { type FakeGcsServer, startFakeGcsServer } from "./testing/fake-gcs-server";
import { bytesOf, readAll, sha256 } from "./testing/test-bytes";

let server: FakeGcsServer;
beforeAll(async () => {
  server = await startFakeGcsServer();
});
afterAll(async () => {
  await server?.close();
});

const savedEmulatorHost = process.env.STORAGE_EMULATOR_HOST;
afterEach(() => {
  if (savedEmulatorHost === undefined) delete process.env.STORAGE_EMULATOR_HOST;
  else process.env.STORAGE_EMULATOR_HOST = savedEmulatorHost;
});

async function roundTrip(store: GcsBlobStore): Promise<void> {
  const bytes = bytesOf(70_000, 1);
  const hash = sha256(bytes);
  expect(await store.put(hash, bytes, { size: bytes.length })).toEqual({ created: true });
  expect(await store.stat(hash)).toEqual({ size: bytes.length });
  expect(
    Buffer.from(await readAll(await store.get(hash, { start: 5, end: 69_999 }))).equals(
      bytes.subarray(5, 69_999),
    ),
  ).toBe(true);
  const listed: string[] = [];
  for await (const h of store.list()) listed.push(h);
  expect(listed).toEqual([hash]);
  await store.delete(hash);
  expect(await store.has(hash)).toBe(false);
}

describe("GcsBlobStore endpoint", () => {
  test("STORAGE_EMULATOR_HOST alone points the adapter at the emulator", async () => {
    process.env.STORAGE_EMULATOR_HOST = server.url;
    await roundTrip(new GcsBlobStore({ bucket: "env-bucket", prefix: "p" }));
  });

  test("an explicit apiEndpoint wins over STORAGE_EMULATOR_HOST for every call", async () => {
    process.env.STORAGE_EMULATOR_HOST = "http://127.0.0.1:9"; // nothing listens there
    await roundTrip(new GcsBlobStore({ bucket: "explicit-bucket", prefix: "p", apiEndpoint: server.url }));
  });
});

describe("GcsBlobStore objects", () => {
  test("list yields only blobs directly under the prefix", async () => {
    const storage = new Storage({ apiEndpoint: server.url });
    const store = new GcsBlobStore({ bucket: "mixed", prefix: "blocks/", storage, listPageSize: 3 });
    const blobs = [1, 2, 3, 4].map((seed) => bytesOf(100, seed));
    for (const b of blobs) await store.put(sha256(b), b, { size: b.length });
    const bucket = storage.bucket("mixed");
    const foreign = sha256(bytesOf(100, 99));
    for (const name of [
      "blocks/README",
      `blocks/sub/${foreign}`,
      foreign,
      `blocksx/${foreign}`,
      `other/${foreign}`,
    ]) {
      await bucket.file(name).save("x", { resumable: false });
    }
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed.sort()).toEqual(blobs.map(sha256).sort());
  });

  test("a put stores the object under <prefix><hash> with its checksums", async () => {
    const storage = new Storage({ apiEndpoint: server.url });
    const store = new GcsBlobStore({ bucket: "named", prefix: "a/b", storage });
    const bytes = bytesOf(1234, 7);
    await store.put(sha256(bytes), bytes, { size: bytes.length });
    const [metadata] = await storage
      .bucket("named")
      .file(`a/b/${sha256(bytes)}`)
      .getMetadata();
    expect(metadata).toMatchObject({ size: "1234", contentType: "application/octet-stream" });
    expect(metadata.md5Hash).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(metadata.crc32c).toMatch(/^[A-Za-z0-9+/]{6}==$/);
  });

  test("stopping a download early does not break other requests in flight", async () => {
    // Without retries, a request killed under us would surface as an error instead of a delay.
    const storage = new Storage({ apiEndpoint: server.url, retryOptions: { autoRetry: false } });
    const store = new GcsBlobStore({ bucket: "early-stop", storage });
    const bytes = bytesOf(4 * 1024 * 1024, 8);
    const hash = sha256(bytes);
    await store.put(hash, bytes, { size: bytes.length });
    for (let round = 0; round < 5; round++) {
      const abandoned = await store.get(hash);
      const other = store.get(hash, { start: 100, end: 200 }); // in flight while we stop the first
      for await (const _ of abandoned) break;
      await expect(store.get(hash, { start: 0, end: 4 * 1024 * 1024 + 1 })).rejects.toBeInstanceOf(
        RangeError,
      );
      expect(await readAll(await other)).toEqual(bytes.slice(100, 200));
      expect(await store.stat(hash)).toEqual({ size: bytes.length });
    }
  });
});
