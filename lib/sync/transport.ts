/**
 * The network, injected as plain functions (like Replicache's puller and pusher), so the engine
 * runs against the real server, a fault-injecting wrapper or a fake alike. Implementations:
 * `createHttpTransport` (pull, mutate) and `createWsTransport` (subscribe); spread both into one.
 * Every failure rejects (or reaches `onError`) as a `SyncTransportError`.
 */

import type { OpKind, PendingOp } from "./outbox";
import type { MutationResult } from "./outcome";
import type { ChangePage } from "./types";

export interface MutationRequest {
  kind: OpKind;
  args: PendingOp["args"];
  opId: string;
}

export interface SyncTransport {
  /** The `changes(cursor, first)` query: up to `first` entries after `cursor` (null: from the start). */
  pull(cursor: string | null, first: number): Promise<ChangePage>;
  /**
   * The `changes(cursor)` subscription: pages in order, from the entries after `cursor` on. After
   * `onError` (called at most once) nothing more arrives; nothing arrives after unsubscribing either.
   */
  subscribe(
    cursor: string | null,
    onPage: (page: ChangePage) => void,
    onError: (error: unknown) => void,
  ): () => void;
  /** One mutation, sent with its opId (so sending it again is safe). */
  mutate(request: MutationRequest): Promise<MutationResult>;
}
