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
  switch (error.code) {
    case "NOT_FOUND":
      if (action === "share") return "No one with that email has a Cairn account.";
      if (action === "revoke") return "That link no longer exists.";
      return describeError(error, "item");
    case "FORBIDDEN":
      if (action === "share" || action === "role" || action === "remove")
        return "Only the folder's owner can change who it is shared with.";
      if (action === "link" || action === "revoke")
        return "Only the owner and editors can manage links to this item.";
      return "You don't have access to this.";
    case "RATE_LIMITED":
      return retryAfterText(error);
    case "BAD_INPUT":
      if (/nest|contains|inside|within/i.test(reason))
        return "This folder can't be shared: it contains a shared folder or is inside one.";
      if (/root/i.test(reason)) return "Your whole drive can't be shared. Share a folder instead.";
      if (/self|owner/i.test(reason)) return "You already own this folder.";
      if (/password/i.test(reason)) return "A password needs 8 to 256 characters.";
      if (/expir/i.test(reason)) return "The expiry date must be in the future.";
      if (/email/i.test(reason)) return "Enter a valid email address.";
      return action === "share"
        ? "This folder can't be shared with that person."
        : "That request wasn't accepted. Check the details and try again.";
    default:
      return describeError(error, "item");
  }
}
