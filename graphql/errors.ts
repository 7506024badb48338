/**
 * One mapper from errors to GraphQL `extensions.code`. Domain errors keep their code and message;
 * GraphQL's own parse/validation/limit errors keep their codes (a client's doing); anything else
 * is a bug: it is logged with its stack and the client sees INTERNAL_SERVER_ERROR without details
 * (the message is kept in dev).
 *
 * No `instanceof GraphQLError` here: graphql ships CJS and ESM builds, and under some loaders both
 * are in memory, so errors are recognised by shape.
 */
import type { GraphQLFormattedError } from "graphql";
import { isDriveError } from "@/lib/drive";

interface GraphQLErrorLike {
  message: string;
  originalError?: unknown;
  extensions?: Record<string, unknown>;
  locations?: unknown;
  nodes?: unknown;
}

function isGraphQLErrorLike(e: unknown): e is GraphQLErrorLike {
  return (
    typeof e === "object" &&
    e !== null &&
    "extensions" in e &&
    ("locations" in e || "nodes" in e || "path" in e)
  );
}

/** Follows originalError down to the first error that is not a GraphQL wrapper. */
function unwrap(error: unknown): unknown {
  let e = error;
  while (isGraphQLErrorLike(e) && e.originalError) e = e.originalError;
  return e;
}

/** The innermost GraphQL error's own code (Apollo re-labels validation errors). */
function innermostCode(error: unknown): string | undefined {
  let code: string | undefined;
  for (let e = error; isGraphQLErrorLike(e); e = e.originalError) {
    if (typeof e.extensions?.code === "string") code = e.extensions.code;
    if (!e.originalError) break;
  }
  return code;
}

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  dev = false,
): GraphQLFormattedError {
  const original = unwrap(error);
  if (isDriveError(original)) {
    return {
      message: original.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: original.code, ...(original.details ?? {}) },
    };
  }
  if (isGraphQLErrorLike(original)) {
    const code =
      innermostCode(error) ?? (formatted.extensions?.code as string | undefined) ?? "BAD_USER_INPUT";
    const { http: _http, ...rest } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: { ...rest, code } };
  }
  console.error("[graphql] unexpected error:", original);
  return {
    message: dev && original instanceof Error ? original.message : "Internal server error",
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
