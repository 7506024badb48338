"use client";

import { type ReactNode, useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * Renders `children` only in the browser: the server's HTML (and the hydration render) hold
 * `fallback`. For pages whose content depends on their URL (a folder path, a file id): the service
 * worker serves one precached page for every URL of its kind when offline (app/lib/offline-shells.ts),
 * so that page's HTML must not depend on the URL, or hydrating it elsewhere would not match.
 * Client-side navigations render `children` at once (no fallback flash).
 */
export function ClientOnly({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return inBrowser ? children : fallback;
}
