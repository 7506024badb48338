/**
 * Human sentences for errors from the GraphQL API, chosen by `extensions.code` (and for
 * NAME_INVALID by `extensions.rule`). The server's own message is never shown: it is written for
 * developers.
 */
import { InvalidOpError } from "../../lib/sync/index";
import { isGraphQLRequestError } from "./gql";

/** An error whose message is already written for the user (e.g. a name clash found locally). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

export const NAME_TAKEN_MESSAGE = "A file or folder with that name already exists";
const CYCLE_MESSAGE = "A folder can't be moved into itself or into a folder inside it.";

/** The sentence for a broken name rule (`rule` as in NAME_INVALID's `extensions.rule`). */
export function describeNameRule(rule: unknown): string {
  return (typeof rule === "string" && NAME_RULES[rule]) || "That name can't be used.";
}

const NAME_RULES: Record<string, string> = {
  empty: "Enter a name.",
  blank: "A name can't be only spaces.",
  slash: "Names can't contain “/”.",
  nul: "Names can't contain control characters.",
  control: "Names can't contain control characters.",
  dots: "A name can't be “.” or “..”.",
  length: "That name is too long (255 bytes at most).",
};

/** What the error is about, for NOT_FOUND and CONFLICT sentences. */
export type ErrorSubject = "folder" | "file" | "item" | "version";

const NOT_FOUND: Record<ErrorSubject, string> = {
  folder: "This folder doesn't exist. It may have been moved, renamed or deleted.",
  file: "This file doesn't exist. It may have been moved, renamed or deleted.",
  item: "This item no longer exists. It may have been moved or deleted.",
  version: "That version no longer exists.",
};

export function describeError(error: unknown, subject: ErrorSubject = "folder"): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof InvalidOpError)
    return error.reason === "cycle" ? CYCLE_MESSAGE : describeNameRule(error.rule);
  if (!isGraphQLRequestError(error)) return "Something went wrong. Please try again.";
  switch (error.code) {
    case "NAME_TAKEN":
      return NAME_TAKEN_MESSAGE;
    case "NAME_INVALID":
      return describeNameRule(error.extensions.rule);
    case "NOT_FOUND":
      return NOT_FOUND[subject];
    case "FORBIDDEN":
      // A denied write on something you can read (docs/sharing.md): a viewer of a shared folder.
      return "You can only view this shared item: ask its owner for edit access.";
    case "UNAUTHENTICATED":
      return "Your session has ended. Please sign in again.";
    case "CONFLICT":
      return "Someone changed this at the same time. Reload and try again.";
    case "BAD_INPUT":
      return error.extensions.reason === "cycle"
        ? CYCLE_MESSAGE
        : "That request wasn't accepted. Reload and try again.";
    case "CHUNK_MISSING":
    case "HASH_MISMATCH":
      return "Some of the file's data didn't reach the server. Try saving again.";
    case "PAYLOAD_TOO_LARGE":
      return "That's too large to send in one go.";
    case "LIMIT_EXCEEDED":
      return "That request is too large. Try fewer items at once.";
    case "NETWORK_ERROR":
      return "Cairn can't be reached right now. Check your connection and try again.";
    default:
      return "Something went wrong. Please try again.";
  }
}
