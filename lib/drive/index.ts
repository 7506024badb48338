/**
 * lib/drive: Cairn's domain services (server only). Words used here:
 * - namespace: a tree with its own journal (a user's home; later, each shared folder);
 * - node: a file or folder, addressed by id, never by path;
 * - journal: a namespace's gapless change feed; seq: a position in it;
 * - cursor: an opaque map {namespaceId: seq} of what a device has applied;
 * - opId: a client's id for one mutation, making its replay harmless;
 * - actor: the authenticated user a request acts for.
 * Every read and write checks access through ./access.
 */
export * from "./access";
export type { AccessTokenInfo } from "./accounts";
export * from "./accounts";
export { type Actor, isUser, type LinkScope } from "./actor";
export * from "./apps";
export * from "./content";
export * from "./errors";
export * from "./feed";
export {
  CHANGE_OPS,
  type ChangeEntry,
  type ChangeOp,
  decodeCursor,
  encodeCursor,
  JOURNAL_CHANNEL,
  mergePositions,
} from "./journal";
export * from "./links";
export * from "./names";
export { ChangeNotifier, type Waiter } from "./notifier";
export * from "./oauth";
export { nodePath } from "./paths";
export * from "./queries";
export * from "./quota";
export { credentialsRevoked, onCredentialsRevoked } from "./revocations";
export * from "./sharing";
export type { NodeSnapshot } from "./snapshot";
export * from "./tree";
export * from "./users";
