import { createHash } from "node:crypto";
import { CRC32C, Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FakeGcsServer, startFakeGcsServer } from "./fake-gcs-server";
import { bytesOf } from "./test-bytes";

let server: FakeGcsServer;
let storage: Storage;
beforeAll(async () => {
  server = await startFakeGcsServer();
  storage = new Storage({ apiEndpoint: server.url, retryOptions: { autoRetry: false } });
});
afterAll(async () => {
  await server?.close();
});

const md5 = (b: Uint8Array) => createHash("md5").update(b).digest("base64");
const crc32c = (b: Uint8Array) => {
  const c = new CRC32C();
  c.update(Buffer.from(b));
  return c.toString();
};

describe("fake GCS server, through the SDK", () => {
  test("a single-request resumable upload round-trips and reports GCS's checksums", async () => {
    const bytes = Buffer.from(bytesOf(300_000, 1));
    const file = storage.bucket("sdk").file("resumable-one");
    await file.save(bytes, { resumable: true });
    const [metadata] = await file.getMetadata();
    expect(metadata).toMatchObject({ size: "300000", md5Hash: md5(bytes), crc32c: crc32c(bytes) });
    const [downloaded] = await file.download();
    expect(downloaded.equals(bytes)).toBe(true);
  });

  test("a multi-chunk resumable upload round-trips", async () => {
    const bytes = Buffer.from(bytesOf(1024 * 1024 + 5, 2));
    const file = storage.bucket("sdk").file("resumable-chunks");
    await new Promise<void>((resolve, reject) => {
      const out = file.createWriteStream({ resumable: true, chunkSize: 256 * 1024 });
      out.on("error", reject).on("finish", resolve);
      out.end(bytes);
    });
    const [downloaded] = await file.download();
    expect(downloaded.equals(bytes)).toBe(true);
  });

  test("ifGenerationMatch: 0 refuses to replace an object, for simple and resumable uploads", async () => {
    const file = storage.bucket("sdk").file("once");
    await file.save("first", { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    for (const resumable of [false, true]) {
      const err = await file
        .save("second", { resumable, preconditionOpts: { ifGenerationMatch: 0 } })
        .catch((e: { code?: unknown; response?: { status?: unknown } }) => e);
      // Simple uploads fail with ApiError{code}, resumable ones with GaxiosError{response.status}.
      expect(resumable ? err?.response?.status : err?.code).toBe(412);
    }
    const [content] = await file.download();
    expect(content.toString()).toBe("first");
  });

  test("a media upload and ranged downloads of every form", async () => {
    const body = Buffer.from("0123456789");
    const res = await fetch(`${server.url}/upload/storage/v1/b/raw/o?uploadType=media&name=digits`, {
      method: "POST",
      body,
    });
    expect(res.status).toBe(200);
    const media = (range?: string) =>
      fetch(`${server.url}/storage/v1/b/raw/o/digits?alt=media`, { headers: range ? { range } : {} });
    const cases: Array<[string | undefined, number, string]> = [
      [undefined, 200, "0123456789"],
      ["bytes=2-4", 206, "234"],
      ["bytes=7-", 206, "789"],
      ["bytes=-3", 206, "789"],
      ["bytes=8-100", 206, "89"],
      ["bytes=10-12", 416, ""],
    ];
    for (const [range, status, text] of cases) {
      const r = await media(range);
      expect([range, r.status, await r.text()]).toEqual([range, status, text]);
    }
    expect((await media("bytes=2-4")).headers.get("content-range")).toBe("bytes 2-4/10");
  });
});

describe("fake GCS server, raw requests", () => {
  test("a multipart upload whose md5Hash or crc32c does not match is refused and stores nothing", async () => {
    const body = Buffer.from("payload");
    for (const wrong of [{ md5Hash: md5(Buffer.from("other")) }, { crc32c: crc32c(Buffer.from("other")) }]) {
      const boundary = "b0undary";
      const multipart = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n`),
        Buffer.from(JSON.stringify({ name: "checked", ...wrong })),
        Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`),
        body,
        Buffer.from(`\r\n--${boundary}--`),
      ]);
      const res = await fetch(`${server.url}/upload/storage/v1/b/raw/o?uploadType=multipart`, {
        method: "POST",
        headers: { "content-type": `multipart/related; boundary=${boundary}` },
        body: multipart,
      });
      expect(res.status).toBe(400);
      expect((await fetch(`${server.url}/storage/v1/b/raw/o/checked`)).status).toBe(404);
    }
  });

  test("list paginates and collapses prefixes under a delimiter", async () => {
    const names = ["l/a", "l/b", "l/c", "l/d/x", "l/d/y", "l/e", "m/z"];
    for (const name of names) {
      await fetch(
        `${server.url}/upload/storage/v1/b/list/o?uploadType=media&name=${encodeURIComponent(name)}`,
        {
          method: "POST",
          body: name,
        },
      );
    }
    const seen: string[] = [];
    const prefixes: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const q = new URLSearchParams({ prefix: "l/", delimiter: "/", maxResults: "2" });
      if (pageToken) q.set("pageToken", pageToken);
      const page = (await (await fetch(`${server.url}/storage/v1/b/list/o?${q}`)).json()) as {
        items: Array<{ name: string }>;
        prefixes?: string[];
        nextPageToken?: string;
      };
      seen.push(...page.items.map((i) => i.name));
      prefixes.push(...(page.prefixes ?? []));
      pageToken = page.nextPageToken ?? "";
      pages++;
    } while (pageToken);
    expect(seen).toEqual(["l/a", "l/b", "l/c", "l/e"]);
    expect(prefixes).toEqual(["l/d/"]);
    expect(pages).toBe(3);
  });

  test("missing objects are 404 for metadata, media and delete", async () => {
    const base = `${server.url}/storage/v1/b/raw/o/${encodeURIComponent("no/such")}`;
    expect((await fetch(base)).status).toBe(404);
    expect((await fetch(`${base}?alt=media`)).status).toBe(404);
    expect((await fetch(base, { method: "DELETE" })).status).toBe(404);
    const body = (await (await fetch(base)).json()) as {
      error: { code: number; errors: Array<{ reason: string }> };
    };
    expect(body.error.code).toBe(404);
    expect(body.error.errors[0]?.reason).toBe("notFound");
  });
});
