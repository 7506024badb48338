/**
 * Node-only helpers for the integration tests and the simulation: a signed-up device with HTTP
 * and WebSocket transports, in-memory content for commits, and the server's tree read back
 * through GraphQL `children` queries. Not for browser bundles.
 */
import WebSocket from "ws";
import { contentHash, hashChunk } from "@/lib/chunking";
import { TestClient } from "@/lib/testing/client";
import { SyncEngine, type SyncEngineOptions } from "../engine";
import { createHttpTransport, type HttpTransport } from "../http-transport";
import type { IndexReader } from "../node-index";
import type { CommitFileArgs } from "../outbox";
import { MemorySyncStore } from "../store/memory";
import type { SyncTransport } from "../transport";
import { listChildren } from "../tree-view";
import { createWsTransport, type WsTransport } from "../ws-transport";

export interface Account {
  baseUrl: string;
  token: string;
  rootId: string;
  client: TestClient;
}

/** Signs up a fresh user and makes a personal access token for its devices. */
export async function signUpAccount(baseUrl: string): Promise<Account> {
  const client = new TestClient(baseUrl);
  await client.signUp();
  const { createAccessToken } = await client.must(
    `mutation { createAccessToken(input: {name: "sync"}) { token } }`,
  );
  const { root } = await client.must("{ root { id } }");
  return { baseUrl, token: createAccessToken.token, rootId: root.id, client };
}

export interface Device {
  http: HttpTransport;
  ws: WsTransport;
  transport: SyncTransport;
  /** Chunk bytes this device can upload, by hash. */
  blocks: Map<string, Uint8Array>;
  uploadChunks: (args: CommitFileArgs) => Promise<void>;
  close(): Promise<void>;
}

export function connectDevice(account: Account): Device {
  const auth = { authorization: `Bearer ${account.token}` };
  const http = createHttpTransport({ baseUrl: account.baseUrl, headers: auth });
  const ws = createWsTransport({
    url: `${account.baseUrl.replace(/^http/, "ws")}/api/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: auth,
  });
  const blocks = new Map<string, Uint8Array>();
  return {
    http,
    ws,
    transport: { pull: http.pull, mutate: http.mutate, subscribe: ws.subscribe },
    blocks,
    async uploadChunks(args) {
      const sizes = args.chunks.map((hash) => ({ hash, size: blocks.get(hash)?.length ?? 0 }));
      if (sizes.length === 0) return;
      for (const hash of await http.prepareUpload(sizes)) {
        const bytes = blocks.get(hash);
        if (!bytes) throw new Error(`this device does not hold chunk ${hash}`);
        await http.putBlock(hash, bytes);
      }
    },
    close: () => ws.dispose(),
  };
}

/** Small text as commit content (one chunk; none when empty), kept in `blocks` for the upload. */
export async function textContent(text: string, blocks: Map<string, Uint8Array>) {
  const bytes = new TextEncoder().encode(text);
  const chunks = bytes.length === 0 ? [] : [await hashChunk(bytes)];
  for (const h of chunks) blocks.set(h, bytes);
  return { chunks: chunks as string[], size: bytes.length, contentHash: await contentHash(chunks) };
}

export function newEngine(device: Device, options: Partial<SyncEngineOptions> = {}): SyncEngine {
  return new SyncEngine({
    store: new MemorySyncStore(),
    transport: device.transport,
    uploadChunks: device.uploadChunks,
    pushBackoff: { baseMs: 50, maxMs: 1000 },
    feedBackoff: { baseMs: 50, maxMs: 1000 },
    ...options,
  });
}

/** A visible tree as sorted lines `path id kind rev contentHash` (tab-separated): comparable between sources. */
export type TreeLines = string[];

export function visibleTree(index: IndexReader, rootId: string): TreeLines {
  const out: string[] = [];
  const walk = (id: string, path: string) => {
    for (const n of listChildren(index, id)) {
      const p = `${path}/${n.name}`;
      out.push([p, n.id, n.kind, `r${n.rev}`, n.contentHash ?? ""].join("\t"));
      if (n.kind === "folder") walk(n.id, p);
    }
  };
  walk(rootId, "");
  return out.sort();
}

const CHILDREN = `query($id: ID!, $after: String) { node(id: $id) { ... on Folder { children(first: 100, after: $after) {
  nodes { __typename id name rev ... on File { contentHash } } pageInfo { hasNextPage endCursor } } } } }`;

/** The server's visible tree, read folder by folder with `children` queries. */
export async function serverTree(http: HttpTransport, rootId: string): Promise<TreeLines> {
  const out: string[] = [];
  const walk = async (id: string, path: string) => {
    let after: string | null = null;
    do {
      type Page = {
        node: {
          children: {
            nodes: { __typename: string; id: string; name: string; rev: number; contentHash?: string }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        };
      };
      const data: Page = await http.request<Page>(CHILDREN, { id, after });
      for (const n of data.node.children.nodes) {
        const p = `${path}/${n.name}`;
        const kind = n.__typename === "File" ? "file" : "folder";
        out.push([p, n.id, kind, `r${n.rev}`, n.contentHash ?? ""].join("\t"));
        if (kind === "folder") await walk(n.id, p);
      }
      after = data.node.children.pageInfo.hasNextPage ? data.node.children.pageInfo.endCursor : null;
    } while (after);
  };
  await walk(rootId, "");
  return out.sort();
}

/** Polls until `check` resolves true, or throws after `ms` with `describe()` in the message. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms: number,
  explain: () => unknown = () => "",
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > ms)
      throw new Error(`not within ${ms} ms: ${JSON.stringify(explain(), null, 1)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
