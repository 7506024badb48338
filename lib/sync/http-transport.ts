/**
 * GraphQL over HTTP for the engine: the `changes` query, the mutations, and the two upload calls
 * a commit needs first (`prepareUpload`, `PUT /api/blocks/:hash`). Web APIs only (fetch).
 */
import { SyncTransportError } from "./errors";
import type { MutationResult } from "./outcome";
import type { MutationRequest, SyncTransport } from "./transport";
import type { ChangePage } from "./types";
import {
  changesQuery,
  lacksField,
  mutationDocument,
  pageFromWire,
  type WireFeatures,
  type WirePage,
} from "./wire";

type Headers = Record<string, string>;

export interface HttpTransportOptions {
  /** Origin of the Cairn server, e.g. `https://cairn.example` (or "" for same-origin pages). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Extra headers (a bearer token, or cookie + origin outside a browser), or a function giving them. */
  headers?: Headers | (() => Headers | Promise<Headers>);
  /** A request without an answer by then counts as lost (and is retried with the same opId). Default 60 s. */
  timeoutMs?: number;
}

export interface HttpTransport extends Pick<SyncTransport, "pull" | "mutate"> {
  /** Any GraphQL operation; rejects with SyncTransportError. */
  request<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Which of these chunks the server needs before a commit may name them. */
  prepareUpload(chunks: { hash: string; size: number }[]): Promise<string[]>;
  putBlock(hash: string, bytes: Uint8Array): Promise<void>;
}

interface GraphQLErrorJson {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

function graphQLError(errors: GraphQLErrorJson[], status: number): SyncTransportError {
  const first = errors[0]!;
  const { code, ...details } = first.extensions ?? {};
  return new SyncTransportError({
    kind: "graphql",
    code: typeof code === "string" ? code : undefined,
    status,
    message: first.message,
    details,
  });
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const features: WireFeatures = { currentVersionId: true };
  const headers = async (): Promise<Headers> =>
    typeof options.headers === "function" ? await options.headers() : (options.headers ?? {});

  async function send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(options.baseUrl + path, {
        ...init,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        headers: { ...(await headers()), ...(init.headers as Headers) },
      });
    } catch (cause) {
      throw new SyncTransportError(
        { kind: "network", message: `network error: ${String(cause)}` },
        { cause },
      );
    }
  }

  async function post<T>(
    document: string,
    variables: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: GraphQLErrorJson[]; status: number }> {
    const res = await send("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: document, variables }),
    });
    let text: string;
    try {
      text = await res.text();
    } catch (cause) {
      throw new SyncTransportError({ kind: "network", message: "the response was cut off" }, { cause });
    }
    try {
      return { ...(JSON.parse(text) as object), status: res.status };
    } catch {
      throw new SyncTransportError({
        kind: "http",
        status: res.status,
        message: `HTTP ${res.status}: ${text.slice(0, 200)}`,
      });
    }
  }

  async function request<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await post<T>(document, variables);
    if (r.errors?.length) throw graphQLError(r.errors, r.status);
    if (!r.data)
      throw new SyncTransportError({
        kind: "http",
        status: r.status,
        message: `HTTP ${r.status} without data`,
      });
    return r.data;
  }

  /** Sends a document built for the server's fields; once, it learns that a field is missing. */
  async function withFeatures<T>(build: (f: WireFeatures) => [string, Record<string, unknown>]): Promise<T> {
    const used = { ...features }; // requests run concurrently: judge the answer by what was sent
    const [document, variables] = build(used);
    const r = await post<T>(document, variables);
    if (used.currentVersionId && lacksField(r.errors, "currentVersionId")) {
      features.currentVersionId = false;
      return request<T>(...build(features));
    }
    if (r.errors?.length) throw graphQLError(r.errors, r.status);
    if (!r.data)
      throw new SyncTransportError({
        kind: "http",
        status: r.status,
        message: `HTTP ${r.status} without data`,
      });
    return r.data;
  }

  return {
    request,

    async pull(cursor: string | null, first: number): Promise<ChangePage> {
      const data = await withFeatures<{ changes: WirePage }>((f) => [changesQuery(f), { cursor, first }]);
      return pageFromWire(data.changes);
    },

    async mutate(req: MutationRequest): Promise<MutationResult> {
      let doc = mutationDocument(req.kind, req.args, req.opId, features);
      const data = await withFeatures<Record<string, unknown>>((f) => {
        doc = mutationDocument(req.kind, req.args, req.opId, f);
        return [doc.document, doc.variables];
      });
      return doc.result(data);
    },

    async prepareUpload(chunks) {
      const data = await request<{ prepareUpload: { missing: string[] } }>(
        "mutation SyncPrepareUpload($input: PrepareUploadInput!) { prepareUpload(input: $input) { missing } }",
        { input: { chunks } },
      );
      return data.prepareUpload.missing;
    },

    async putBlock(hash: string, bytes: Uint8Array): Promise<void> {
      const res = await send(`/api/blocks/${hash}`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: bytes as unknown as BodyInit,
      });
      if (res.ok) {
        await res.arrayBuffer().catch(() => undefined);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      throw new SyncTransportError({
        kind: "http",
        status: res.status,
        code: body.error?.code,
        message: body.error?.message ?? `PUT /api/blocks failed: HTTP ${res.status}`,
      });
    },
  };
}
