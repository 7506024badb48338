/** Direct API calls for test setup, with the page's session cookie (and a same-origin Origin). */
import { expect, type Page } from "@playwright/test";
import { chunkBytes } from "../lib/chunking";

function originOf(page: Page): string {
  return new URL(
    page.url().startsWith("http") ? page.url() : `http://127.0.0.1:${process.env.CAIRN_E2E_PORT ?? "3000"}`,
  ).origin;
}

export async function graphqlRequest<T = any>(
  page: Page,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await page.request.post("/api/graphql", {
    data: { query, variables },
    headers: { origin: originOf(page) },
  });
  const body = await response.json();
  expect(body.errors, `GraphQL errors for ${query.slice(0, 60)}`).toBeUndefined();
  return body.data as T;
}

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** Sends a query that is expected to be refused and returns its errors (none: an empty list). */
export async function graphqlErrors(
  page: Page,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLErrorBody[]> {
  const response = await page.request.post("/api/graphql", {
    data: { query, variables },
    headers: { origin: originOf(page) },
  });
  const body = (await response.json()) as { errors?: GraphQLErrorBody[] };
  return body.errors ?? [];
}

export async function rootId(page: Page): Promise<string> {
  const { root } = await graphqlRequest<{ root: { id: string } }>(page, "{ root { id } }");
  return root.id;
}

/** Creates folders named `names` under the root, in batches that stay within the alias limit. */
export async function createRootFolders(page: Page, names: string[]): Promise<void> {
  const root = await rootId(page);
  for (let i = 0; i < names.length; i += 25) {
    const batch = names.slice(i, i + 25);
    const fields = batch.map(
      (name, j) =>
        `f${j}: createFolder(input: { parentId: ${JSON.stringify(root)}, name: ${JSON.stringify(name)} }) { node { id } }`,
    );
    await graphqlRequest(page, `mutation { ${fields.join("\n")} }`);
  }
}

export async function createFolder(page: Page, parentId: string, name: string): Promise<string> {
  const data = await graphqlRequest<{ createFolder: { node: { id: string } } }>(
    page,
    "mutation($input: CreateFolderInput!) { createFolder(input: $input) { node { id } } }",
    { input: { parentId, name } },
  );
  return data.createFolder.node.id;
}

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  versionId: string;
  versionNumber: number;
  conflict: { copyName: string } | null;
}

/**
 * Uploads bytes the way a client does: chunk and hash (lib/chunking), prepareUpload, PUT the
 * missing blocks, commitFile. With `base`, the upload is a new version of that file.
 */
export async function uploadFile(
  page: Page,
  parentId: string,
  name: string,
  bytes: Uint8Array,
  base?: { fileId: string; versionId: string },
): Promise<UploadedFile> {
  const chunks = await chunkBytes(bytes, { withBytes: true });
  const { prepareUpload } = await graphqlRequest<{ prepareUpload: { missing: string[] } }>(
    page,
    "mutation($input: PrepareUploadInput!) { prepareUpload(input: $input) { missing } }",
    { input: { chunks: chunks.map((c) => ({ hash: c.hash, size: c.size })) } },
  );
  const missing = new Set(prepareUpload.missing);
  for (const chunk of chunks) {
    if (!missing.delete(chunk.hash)) continue;
    const response = await page.request.put(`/api/blocks/${chunk.hash}`, {
      data: Buffer.from(chunk.bytes!),
      headers: { origin: originOf(page), "content-type": "application/octet-stream" },
    });
    expect(response.ok(), `PUT block answered ${response.status()}`).toBe(true);
  }
  const { commitFile } = await graphqlRequest(
    page,
    `mutation($input: CommitFileInput!) {
      commitFile(input: $input) { file { id name } version { id number } conflict { copyName } }
    }`,
    {
      input: {
        parentId,
        name,
        chunks: chunks.map((c) => c.hash),
        size: bytes.length,
        deviceName: "e2e",
        ...(base ? { fileId: base.fileId, baseVersionId: base.versionId } : {}),
      },
    },
  );
  return {
    id: commitFile.file.id,
    name: commitFile.file.name,
    size: bytes.length,
    versionId: commitFile.version.id,
    versionNumber: commitFile.version.number,
    conflict: commitFile.conflict,
  };
}

/** Deterministic pseudo-random bytes (xorshift32), so a failing test can be reproduced. */
export function randomBytes(size: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
