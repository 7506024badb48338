/** What the engine tells the user about ops that did not go as written. */

export type NoticeCode =
  /** The name was taken: the op went through under a ` (n)` name. */
  | "renamed"
  /** The folder was gone or in the trash: the item went to a folder above it (or the root). */
  | "relocated"
  /** The edited file was deleted for good elsewhere: the content was saved as a new file. */
  | "saved-as-new"
  /** The file changed elsewhere meanwhile: the content was saved beside it as a conflicted copy. */
  | "conflicted-copy"
  /** The op could not apply and was rolled back (nothing of the user's content is lost). */
  | "dropped"
  /** The op could not apply and needs the user; its content is kept in the outbox. */
  | "parked"
  /** Nothing to do: the change had already happened elsewhere. */
  | "already-done";

export interface SyncNotice {
  opId: string;
  nodeId?: string;
  level: "info" | "warning" | "error";
  code: NoticeCode;
  message: string;
}

/**
 * Why the server refused an op, as a phrase for a notice ("the name is not allowed"). Notices are
 * read by people: they never carry the server's message (written for developers) or a raw code.
 */
export function refusalReason(error: { code?: string; details?: Record<string, unknown> }): string {
  switch (error.code) {
    case "NOT_FOUND":
      return "it was deleted elsewhere";
    case "CONFLICT":
      return "it was changed, moved to the trash or restored elsewhere";
    case "NAME_TAKEN":
      return "that name is already in use there";
    case "NAME_INVALID":
      return "the name is not allowed";
    case "FORBIDDEN":
      return "you don't have permission to change it";
    case "BAD_INPUT":
      return error.details?.reason === "cycle"
        ? "a folder can't go inside itself"
        : "the server did not accept the change";
    case "LIMIT_EXCEEDED":
    case "PAYLOAD_TOO_LARGE":
      return "it is too large";
    default:
      return "the server did not accept the change";
  }
}
