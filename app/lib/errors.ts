/**
 * Human sentences for errors from the GraphQL API, chosen by `extensions.code` (and for
 * NAME_INVALID by `extensions.rule`). The server's own message is never shown: it is written for
 * developers.
 */
import { isGraphQLRequestError } from "./gql";

const NAME_RULES: Record<string, string> = {
  empty: "Enter a name.",
  blank: "A name can't be only spaces.",
  slash: "Names can't contain “/”.",
  nul: "Names can't contain control characters.",
  control: "Names can't contain control characters.",
  dots: "A name can't be “.” or “..”.",
  length: "That name is too long (255 bytes at most).",
};

export function describeError(error: unknown): string {
  if (!isGraphQLRequestError(error)) return "Something went wrong. Please try again.";
  switch (error.code) {
    case "NAME_TAKEN":
      return "A file or folder with that name already exists";
    case "NAME_INVALID": {
      const rule = error.extensions.rule;
      return (typeof rule === "string" && NAME_RULES[rule]) || "That name can't be used.";
    }
    case "NOT_FOUND":
      return "This folder doesn't exist. It may have been moved, renamed or deleted.";
    case "FORBIDDEN":
      return "You don't have access to this.";
    case "UNAUTHENTICATED":
      return "Your session has ended. Please sign in again.";
    case "CONFLICT":
      return "Someone changed this at the same time. Reload and try again.";
    case "NETWORK_ERROR":
      return "Cairn can't be reached right now. Check your connection and try again.";
    default:
      return "Something went wrong. Please try again.";
  }
}
