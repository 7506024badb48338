/**
 * Cairn's service worker, built by `@serwist/next` into public/sw.js (production builds only; see
 * next.config.mjs). What it does, and why, is in docs/architecture.md, "Offline and the service
 * worker". In short:
 *
 * - Precache (at install, versioned with the build): every static asset of the build (all page
 *   chunks, CSS, fonts, the chunking worker; not the GraphQL explorer's, see next.config.mjs), the
 *   icons, the manifest, and the HTML shells of the app's pages. The pages render from the IndexedDB index in the browser, so a shell plus its
 *   code is a working page.
 * - Navigations: network first (3 s timeout), cached per URL; with no network and no cached copy,
 *   the shell of that page's kind (`/drive/a/b` → the `/drive` shell, `/file/x` → the file shell).
 * - Client-side navigations (React Server Component payloads): network first, cached per URL.
 *   Offline without a cached payload, Next falls back to a full navigation, answered as above.
 * - `/api/*` is never answered here: GraphQL, auth, blocks and file content depend on who is
 *   signed in, and the sync engine owns data caching. Those requests go to the network untouched.
 * - Background Sync: a `cairn-outbox` sync event asks the open pages to push their outbox.
 */
/// <reference lib="webworker" />
import {
  CacheableResponsePlugin,
  CacheFirst,
  ExpirationPlugin,
  NetworkFirst,
  type PrecacheEntry,
  type RouteMatchCallbackOptions,
  Serwist,
  type SerwistGlobalConfig,
  type SerwistPlugin,
} from "serwist";
import { SHELLS, shellFor } from "./lib/offline-shells";
import { OUTBOX_SYNC_TAG, type SwToPageMessage } from "./lib/sw-messages";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    /** The build's static assets, injected by the plugin at build time. */
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

/** Requests the service worker never answers: all of them carry the user's data or session. */
const isApi = (url: URL) => url.pathname === "/api" || url.pathname.startsWith("/api/");

/**
 * The shells' revision: derived from the build's asset list (whose names carry content hashes),
 * so a new build precaches fresh shells and an unchanged one keeps them.
 */
function buildRevision(entries: readonly (PrecacheEntry | string)[]): string {
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const entry of entries) {
    const text = typeof entry === "string" ? entry : `${entry.url}#${entry.revision ?? ""}`;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0).toString(16);
}

/** Icons from app/ (file conventions): not build assets, so listed here. */
const PAGE_ICONS = ["/icon.svg", "/favicon.ico", "/apple-icon.png"];

const assets = self.__SW_MANIFEST ?? [];
const revision = buildRevision(assets);

const sameOriginGet = ({ request, url, sameOrigin }: RouteMatchCallbackOptions) =>
  sameOrigin && request.method === "GET" && !isApi(url);

/** Offline and nothing cached for this page: serve the shell of its kind. */
const shellFallback: SerwistPlugin = {
  handlerDidError: async ({ request }) => {
    const shell = shellFor(new URL(request.url).pathname);
    return shell ? serwist.matchPrecache(shell) : undefined;
  },
};

const serwist: Serwist = new Serwist({
  precacheEntries: [
    ...assets,
    ...[...SHELLS, "/manifest.webmanifest", ...PAGE_ICONS].map((url) => ({ url, revision })),
  ],
  // A new build's worker waits until no page of the old build is open (the default): an open
  // page keeps getting the code and shells it was built with, never a mix of two builds. The
  // first worker ever installed takes control of the open pages at once (`clientsClaim`).
  skipWaiting: false,
  clientsClaim: true,
  navigationPreload: false,
  disableDevLogs: true,
  runtimeCaching: [
    {
      // Page loads (reload, typed URL, link from outside, Next's fallback to a full navigation).
      matcher: (options) => sameOriginGet(options) && options.request.mode === "navigate",
      handler: new NetworkFirst({
        cacheName: "cairn-pages",
        networkTimeoutSeconds: 3,
        // Navigations never carry the RSC headers Next varies on: match on the URL alone.
        matchOptions: { ignoreVary: true },
        plugins: [
          new CacheableResponsePlugin({ statuses: [200] }),
          new ExpirationPlugin({ maxEntries: 64, maxAgeSeconds: 30 * 24 * 60 * 60 }),
          shellFallback,
        ],
      }),
    },
    {
      // Client-side navigations and prefetches: React Server Component payloads.
      matcher: (options) => sameOriginGet(options) && options.request.headers.get("RSC") === "1",
      handler: new NetworkFirst({
        cacheName: "cairn-rsc",
        networkTimeoutSeconds: 3,
        plugins: [
          new CacheableResponsePlugin({ statuses: [200] }),
          new ExpirationPlugin({ maxEntries: 128, maxAgeSeconds: 30 * 24 * 60 * 60 }),
        ],
      }),
    },
    {
      // Build assets missing from the precache (their names are content hashes: never stale).
      matcher: (options) => sameOriginGet(options) && options.url.pathname.startsWith("/_next/static/"),
      handler: new CacheFirst({
        cacheName: "cairn-static",
        plugins: [new ExpirationPlugin({ maxEntries: 128 })],
      }),
    },
    {
      // The page icons Next links with a content hash in the query (/icon.svg?<hash>): served
      // from the precache whatever the query.
      matcher: (options) => sameOriginGet(options) && PAGE_ICONS.includes(options.url.pathname),
      handler: async ({ request, url }): Promise<Response> =>
        (await serwist.matchPrecache(url.pathname)) ?? fetch(request),
    },
  ],
});

/**
 * Background Sync: the page registers `cairn-outbox` when changes are waiting and the network is
 * gone. When the browser sees connectivity again it wakes this worker, which asks every open page
 * to push (the sync engine in the page does the replay; this worker holds no data).
 */
self.addEventListener("sync", (event: Event) => {
  const sync = event as Event & { tag: string; waitUntil(promise: Promise<unknown>): void };
  if (sync.tag !== OUTBOX_SYNC_TAG) return;
  sync.waitUntil(
    self.clients.matchAll({ type: "window" }).then((pages) => {
      const message: SwToPageMessage = { type: "cairn:push-outbox" };
      for (const page of pages) page.postMessage(message);
    }),
  );
});

serwist.addEventListeners();
