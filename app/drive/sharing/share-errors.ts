/**
 * Sentences for what the sharing API refuses (docs/sharing.md), chosen by `extensions.code` and
 * `extensions.reason`; anything else falls back to describeError.
 */
import { describeError } from "../../lib/errors";
import { isGraphQLRequestError } from "../../lib/gql";

export type ShareAction = "share" | "role" | "remove" | "link" | "revoke" | "load";

/** "Too many attempts, try again in 30 s" from a RATE_LIMITED error's `retryAfterSeconds`. */
export function retryAfterText(error: unknown): string {
  const seconds = isGraphQLRequestError(error) ? Number(error.extensions.retryAfterSeconds) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0
    ? `Too many attempts, try again in ${Math.ceil(seconds)} s`
    : "Too many attempts, try again later";
}

export function describeShareError(error: unknown, action: ShareAction): string {
  if (!isGraphQLRequestError(error)) return describeError(error, "item");
  const reason = typeof error.extensions.reason === "string" ? error.extensions.reason : "";
  const field = typeof error.extensions.field === "string" ? error.extensions.field : "";
  switch (error.code) {
    case "NOT_FOUND":
      if (action === "share") return "No one with that email has a Cairn account.";
      if (action === "revoke") return "That link no longer exists.";
      if (action === "role" || action === "remove") return "That person no longer has access.";
      return describeError(error, "item");
    case "FORBIDDEN":
      if (action === "share" || action === "role" || action === "remove")
        return "Only the folder's owner can change who it is shared with.";
      if (action === "link" || action === "revoke")
        return "Only the owner and editors can manage links to this item.";
      return describeError(error, "item");
    case "CONFLICT":
      return "This item is in the trash. Restore it first.";
    case "RATE_LIMITED":
      return retryAfterText(error);
    case "BAD_INPUT":
      if (reason === "unknown-user") return "No one with that email has a Cairn account.";
      if (reason === "nested-share")
        return "This folder can't be shared: it contains a shared folder or is inside one. Namespaces don't nest.";
      if (field === "password") return "A password needs 8 to 256 characters.";
      if (field === "expiresAt") return "The expiry date must be in the future.";
      if (field === "email") return "Enter the email of someone else who has a Cairn account.";
      if (field === "folderId") return "Only folders can be shared with people. Use a link for a file.";
      if (action === "share") return "This folder can't be shared (your whole drive can't be shared).";
      if (action === "remove") return "The owner can't leave their own shared folder.";
      return "That request wasn't accepted. Check the details and try again.";
    default:
      return describeError(error, "item");
  }
}
