/**
 * The server, as lib/upload's pipeline needs it: the typed GraphQL operations through app/lib/gql
 * and chunk PUTs through `fetch`, with GraphQL errors translated into TransportErrors (network
 * trouble and server faults are retryable; anything the server refused is not).
 */
import type { ChunkHash } from "@/lib/chunking";
import {
  type CommitOutcome,
  type CommitRequest,
  putBlockOverHttp,
  TransportError,
  type UploadApi,
} from "@/lib/upload";
import { GraphQLRequestError, gql } from "../../lib/gql";
import {
  UploadCommitMutation,
  UploadCreateFolderMutation,
  UploadFindQuery,
  UploadNodeQuery,
  UploadPrepareMutation,
} from "./operations";

const RETRYABLE_CODES = new Set(["NETWORK_ERROR", "BAD_RESPONSE", "INTERNAL_SERVER_ERROR"]);

function toTransportError(error: unknown): unknown {
  if (!(error instanceof GraphQLRequestError)) return error;
  return new TransportError(error.code, error.message, {
    retryable: RETRYABLE_CODES.has(error.code),
    details: error.extensions,
    cause: error,
  });
}

/** Runs a GraphQL call; an abort rejects at once (the request itself runs on, harmlessly: every call is safe to repeat). */
async function call<T>(run: () => Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    run().then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(toTransportError(error));
      },
    );
  });
}

const isNotFound = (error: unknown) => error instanceof TransportError && error.code === "NOT_FOUND";

async function folderPath(id: string, signal: AbortSignal): Promise<string> {
  const data = await call(() => gql(UploadNodeQuery, { id }), signal);
  if (data.node?.__typename !== "Folder") {
    throw new TransportError("NOT_FOUND", "the folder to upload into is gone", { retryable: false });
  }
  return data.node.path;
}

export const uploadApi: UploadApi = {
  async ensureFolder(parentId, name, signal) {
    try {
      const data = await call(() => gql(UploadCreateFolderMutation, { input: { parentId, name } }), signal);
      return data.createFolder.node.id;
    } catch (error) {
      const existingId = error instanceof TransportError ? error.details.existingId : undefined;
      if (
        !(error instanceof TransportError) ||
        error.code !== "NAME_TAKEN" ||
        typeof existingId !== "string"
      ) {
        throw error;
      }
      // Reuse the folder that has the name (dropping "Photos" twice merges into one "Photos").
      const data = await call(() => gql(UploadNodeQuery, { id: existingId }), signal);
      if (data.node?.__typename === "Folder") return data.node.id;
      throw new TransportError("NOT_A_FOLDER", `a file named “${name}” is where a folder should go`, {
        retryable: false,
      });
    }
  },

  async findFile(parentId, name, signal) {
    const path = await folderPath(parentId, signal);
    try {
      const data = await call(
        () => gql(UploadFindQuery, { path: path === "/" ? `/${name}` : `${path}/${name}` }),
        signal,
      );
      const node = data.nodeByPath;
      if (node?.__typename !== "File") return null;
      const { id, number, contentHash } = node.currentVersion;
      return { fileId: node.id, versionId: id, versionNumber: number, contentHash };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  },

  async prepareUpload(chunks, signal) {
    const data = await call(
      () =>
        gql(UploadPrepareMutation, { input: { chunks: chunks.map(({ hash, size }) => ({ hash, size })) } }),
      signal,
    );
    return data.prepareUpload.missing as ChunkHash[];
  },

  putBlock(hash, bytes, signal) {
    return putBlockOverHttp({ fetch: (url, init) => fetch(url, init) }, hash, bytes, signal);
  },

  async commitFile(request: CommitRequest, signal): Promise<CommitOutcome> {
    const data = await call(() => gql(UploadCommitMutation, { input: { ...request } }), signal);
    const { file, version, conflict, unchanged } = data.commitFile;
    return {
      fileId: file.id,
      name: file.name,
      versionId: version.id,
      versionNumber: version.number,
      conflict: conflict ? { copyName: conflict.copyName, reason: conflict.reason } : null,
      unchanged,
    };
  },
};
