/** What the service worker (app/sw.ts) and the pages say to each other. */

/** The Background Sync tag a page registers while changes wait in its outbox and it is offline. */
export const OUTBOX_SYNC_TAG = "cairn-outbox";

/** Sent by the service worker to every open page when the browser fires `cairn-outbox`. */
export type SwToPageMessage = { type: "cairn:push-outbox" };

export function isSwToPageMessage(data: unknown): data is SwToPageMessage {
  return (
    typeof data === "object" && data !== null && (data as { type?: unknown }).type === "cairn:push-outbox"
  );
}
