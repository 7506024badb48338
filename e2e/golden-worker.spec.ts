/**
 * The chunking worker, as the production build ships it, cuts exactly where lib/chunking's golden
 * vectors say, in Chromium. The golden input (24 MiB of xorshift32, lib/chunking/golden.ts) is
 * uploaded through the page; what the worker produced is read from the requests the page makes:
 * prepareUpload lists every chunk (hash and size, in order) and commitFile the hashes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateGoldenInput } from "../lib/chunking/golden";
import { graphqlRequest } from "./api";
import { expect, test } from "./fixtures";
import { Uploads } from "./pages/uploads";

interface Golden {
  chunks: { offset: number; size: number; hash: string }[];
  contentHash: string;
}

const golden = JSON.parse(
  readFileSync(new URL("../lib/chunking/golden-vectors.json", import.meta.url), "utf8"),
) as Golden;

test("the chunking worker produces exactly the golden chunk vectors in Chromium", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), "cairn-e2e-golden-"));
  try {
    const path = join(dir, "golden.bin");
    writeFileSync(path, generateGoldenInput());
    const uploads = new Uploads(page);

    const prepared: { hash: string; size: number }[] = [];
    let committed: string[] | undefined;
    page.on("request", (request) => {
      if (!request.url().endsWith("/api/graphql") || request.method() !== "POST") return;
      const body = request.postDataJSON() as {
        operationName?: string;
        variables: { input: { chunks: unknown } };
      };
      if (body.operationName === "UploadPrepare") {
        prepared.push(...(body.variables.input.chunks as { hash: string; size: number }[]));
      }
      if (body.operationName === "UploadCommitFile") committed = body.variables.input.chunks as string[];
    });

    await drivePage.goto();
    await expect(drivePage.emptyState).toBeVisible();
    const worker = page.waitForEvent("worker");
    await uploads.uploadFiles(path);
    // Hashing ran in the worker the production build ships (a webpack chunk of its own).
    expect((await worker).url()).toMatch(/\/_next\/static\/chunks\/cairn-chunker\.[0-9a-f]+\.js$/);
    await uploads.expectDone("golden.bin");

    let offset = 0;
    const cut = prepared.map(({ hash, size }) => {
      const chunk = { offset, size, hash };
      offset += size;
      return chunk;
    });
    expect(cut).toEqual(golden.chunks);
    expect(committed).toEqual(golden.chunks.map((c) => c.hash));

    const { nodeByPath } = await graphqlRequest<{ nodeByPath: { contentHash: string } }>(
      page,
      `{ nodeByPath(path: "/golden.bin") { ... on File { contentHash } } }`,
    );
    expect(nodeByPath.contentHash).toBe(golden.contentHash);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
