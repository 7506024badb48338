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
