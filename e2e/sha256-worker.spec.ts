/**
 * The browser's SHA-256 (WebAssembly SIMD lanes in the hashing worker the production build ships)
 * equals node:crypto in Chromium, on random files of every padding-edge length and on a multi-chunk
 * file whose chunks share the lanes. The hashes are read from the page's prepareUpload requests,
 * which list every chunk (hash and size, in order).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { Uploads } from "./pages/uploads";

const LENGTHS = [1, 2, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 65_536, 262_144];

test("the hashing worker's SHA-256 equals node:crypto on files of every padding-edge length", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "cairn-e2e-sha256-"));
  try {
    const files = new Map<string, Buffer>();
    for (const n of LENGTHS) files.set(`len-${n}.bin`, randomBytes(n));
    files.set("multi.bin", randomBytes(9 * 1024 * 1024 + 12_345)); // several chunks in the lanes at once
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);

    // prepareUpload lists a file's chunks in order; a file's requests are told apart by their sizes.
    const prepared: { hash: string; size: number }[][] = [];
    page.on("request", (request) => {
      if (!request.url().endsWith("/api/graphql") || request.method() !== "POST") return;
      const body = request.postDataJSON() as {
        operationName?: string;
        variables?: { input?: { chunks?: unknown } };
      };
      if (body.operationName === "UploadPrepare") {
        prepared.push(body.variables!.input!.chunks as { hash: string; size: number }[]);
      }
    });

    await drivePage.goto();
    const worker = page.waitForEvent("worker", (w) => /cairn-hasher\.[0-9a-f]+\.js$/.test(w.url()));
    const uploads = new Uploads(page);
    await uploads.uploadFiles([...files.keys()].map((name) => join(dir, name)));
    await worker; // the chunks were hashed by the nested hashing worker
    for (const name of files.keys()) await uploads.expectDone(name);

    const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    for (const [name, bytes] of files) {
      // Expected chunk list: one chunk for files up to 256 KiB; for multi.bin, its sizes as sent.
      const list = prepared.find((chunks) => chunks.reduce((n, c) => n + c.size, 0) === bytes.length);
      expect(list, `a prepareUpload for ${name}`).toBeDefined();
      let offset = 0;
      const expected = list!.map(({ size }) => {
        const chunk = { hash: sha256(bytes.subarray(offset, offset + size)), size };
        offset += size;
        return chunk;
      });
      expect(list, name).toEqual(expected);
    }
    expect(prepared.find((c) => c.length > 4)).toBeDefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
