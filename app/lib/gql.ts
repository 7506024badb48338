/**
 * The web app's GraphQL transport: POSTs a typed document (made with `graphql()` from
 * app/__generated__) to /api/graphql with the session cookie and returns its typed data, or
 * throws a GraphQLRequestError carrying the server's `extensions.code`.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type DocumentNode, type OperationDefinitionNode, print } from "graphql";

/** Codes the transport itself reports, beside the server's (UNAUTHENTICATED, NAME_TAKEN, ...). */
export type TransportErrorCode = "NETWORK_ERROR" | "BAD_RESPONSE";

export class GraphQLRequestError extends Error {
  constructor(
    /** `extensions.code` of the first error, or a TransportErrorCode. */
    readonly code: string,
    message: string,
    /** The rest of that error's `extensions` (e.g. `rule` for NAME_INVALID). */
    readonly extensions: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GraphQLRequestError";
  }
}

export function isGraphQLRequestError(error: unknown): error is GraphQLRequestError {
  return error instanceof GraphQLRequestError;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: Record<string, unknown> }[];
}

const printed = new WeakMap<DocumentNode, { query: string; operationName: string | undefined }>();

function serialize(document: DocumentNode) {
  let entry = printed.get(document);
  if (!entry) {
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
    );
    entry = { query: print(document), operationName: operation?.name?.value };
    printed.set(document, entry);
  }
  return entry;
}

type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export async function gql<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  ...[variables]: VariablesArg<TVariables>
): Promise<TData> {
  return gqlWith(document, variables ?? ({} as TVariables), {});
}

/**
 * `gql` with extra request headers: the link page sends `x-cairn-link` and `x-cairn-link-grant`
 * (docs/sharing.md) instead of a session.
 */
export async function gqlWith<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: { headers?: Record<string, string> },
): Promise<TData> {
  const { query, operationName } = serialize(document);
  let response: Response;
  try {
    response = await fetch("/api/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        ...options.headers,
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
      },
      body: JSON.stringify({ query, operationName, variables: variables ?? {} }),
    });
  } catch (cause) {
    throw new GraphQLRequestError("NETWORK_ERROR", "Could not reach the server", {}, { cause });
  }
  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch (cause) {
    throw new GraphQLRequestError(
      "BAD_RESPONSE",
      `The server answered ${response.status} without a GraphQL response`,
      {},
      { cause },
    );
  }
  const first = body.errors?.[0];
  if (first) {
    const { code, ...extensions } = first.extensions ?? {};
    throw new GraphQLRequestError(
      typeof code === "string" ? code : "INTERNAL_SERVER_ERROR",
      first.message ?? "GraphQL error",
      extensions,
    );
  }
  if (!body.data) {
    throw new GraphQLRequestError("BAD_RESPONSE", `The server answered ${response.status} without data`);
  }
  return body.data;
}
