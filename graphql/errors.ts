/**
 * One mapper from errors to GraphQL `extensions.code`. Domain errors keep their code and message;
 * GraphQL's own parse/validation errors keep Apollo's codes; anything else is a bug: it is logged
 * with its stack and the client sees INTERNAL_SERVER_ERROR, without details (unless in dev).
 */
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { isDriveError } from "@/lib/drive";

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
  // GraphQL's own errors (parse, validation, bad variables, limits) are the client's doing.
  if (original instanceof GraphQLError) {
    const code = formatted.extensions?.code;
    return {
      ...formatted,
      extensions: { ...formatted.extensions, code: typeof code === "string" ? code : "BAD_USER_INPUT" },
    };
  }
  console.error("[graphql] unexpected error:", original);
  return {
    message: dev && original instanceof Error ? original.message : "Internal server error",
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

function unwrap(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}
