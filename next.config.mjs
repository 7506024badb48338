// Next.js configuration for Cairn's web app. Built with webpack (`next build --webpack`): the
// service worker plugin (Serwist's `@serwist/next`) only works with webpack builds (see STACK.md).
import withSerwistInit from "@serwist/next";
import { PHASE_PRODUCTION_BUILD } from "next/constants.js";

/** The GraphQL explorer's page (app/explorer; shown at /api/graphql, see graphql/explorer.ts). */
const EXPLORER_ENTRY = "app/explorer/page";

/** Per compilation: the build assets only the explorer uses (see `explorerOnlyAsset`). */
const explorerAssets = new WeakMap();

/**
 * True for a build asset that only the GraphQL explorer loads: GraphiQL, Monaco and its language
 * workers, GraphiQL's stylesheet (several MB that the drive never needs, and that the explorer,
 * which works online only, does not need offline). Precaching them would make every install
 * download them. Worked out from webpack's chunk graph rather than from file names, which are
 * content hashes: a chunk group is the explorer's when it is the explorer page's entry or every
 * group that loads it (by `import()` or `new Worker`) is the explorer's; an asset is left out when
 * every chunk that holds it belongs to explorer groups only, so code the explorer shares with
 * other pages stays precached.
 */
function explorerOnlyAsset({ asset, compilation }) {
  let only = explorerAssets.get(compilation);
  if (!only) {
    only = new Set();
    explorerAssets.set(compilation, only);
    const root = compilation.namedChunkGroups.get(EXPLORER_ENTRY);
    if (root) {
      const loaders = new Map(); // chunk group → the groups that load it
      const addLoader = (group, loader) => {
        if (!loaders.has(group)) loaders.set(group, new Set());
        loaders.get(group).add(loader);
      };
      for (const group of compilation.chunkGroups) {
        for (const child of group.childrenIterable) addLoader(child, group);
        for (const worker of group.asyncEntrypointsIterable) addLoader(worker, group);
      }
      const explorerGroups = new Set([root]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [group, from] of loaders) {
          if (explorerGroups.has(group)) continue;
          if ([...from].every((g) => explorerGroups.has(g))) {
            explorerGroups.add(group);
            grew = true;
          }
        }
      }
      const kept = new Set();
      const candidates = new Set();
      for (const chunk of compilation.chunks) {
        const files = [...chunk.files, ...chunk.auxiliaryFiles];
        const explorerOnly = [...chunk.groupsIterable].every((g) => explorerGroups.has(g));
        for (const file of files) (explorerOnly ? candidates : kept).add(file);
      }
      for (const file of candidates) if (!kept.has(file)) only.add(file);
    }
  }
  return only.has(asset.name);
}

/**
 * Serwist's options, made into the plugin in the production build phase only (see the end; the
 * plugin warns as soon as it is set up in a Turbopack process).
 */
const serwistOptions = {
  // The service worker's source and the file the build writes (a build output: git-ignored).
  swSrc: "app/sw.ts",
  swDest: "public/sw.js",
  // The plugin adds a few lines to the client entry that register /sw.js (scope "/") on load.
  // Production builds only: the dev server gets the config without the plugin (see the end).
  register: true,
  // The sync engine follows `online`/`offline` itself: reloading the page on reconnect (the
  // plugin's default) would throw away the page's state for nothing.
  reloadOnOnline: false,
  // Visited pages are cached by the service worker's own navigation route (app/sw.ts).
  cacheOnNavigation: false,
  // Public files worth having offline: the icons. Not the service worker itself, nor the
  // rest of public/ (nothing else there is needed by the app shell).
  globPublicPatterns: ["icons/**/*"],
  // Not precached: source maps and webpack's manifests (the plugin's defaults, which setting
  // `exclude` replaces), and the GraphQL explorer's assets.
  exclude: [/\.map$/, /^manifest.*\.js$/, explorerOnlyAsset],
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dev server binds 0.0.0.0 and is browsed at 127.0.0.1 or localhost: without this, Next
  // refuses those origins and hot reload silently stops.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // PGlite ships WASM and data files it loads from its own package directory: bundling it breaks
  // that, and a bundled copy would be a second module instance (two handles on one data dir).
  serverExternalPackages: ["@electric-sql/pglite"],
  typedRoutes: false,
  typescript: {
    // `next build` would type-check everything tsconfig includes (server.ts, lib/, db/, tests),
    // which is not the build's job: `npm run typecheck` (tsc --noEmit) runs separately in CI and
    // in `npm run check`. Next 16 has no lint step in `next build` (Biome lints: `npm run lint`).
    ignoreBuildErrors: true,
  },
  async headers() {
    return [
      {
        // The service worker must never be served stale: browsers check it for updates on every
        // navigation, and a cached copy would keep an old build's precache alive.
        source: "/sw.js",
        headers: [
          { key: "Cache-Control", value: "no-cache, no-store, must-revalidate" },
          { key: "Service-Worker-Allowed", value: "/" },
        ],
      },
      {
        // No other site may frame Cairn's pages (clickjacking: a hidden Share or Choose button
        // under a decoy). Partner sites open the picker as a popup, never in a frame.
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'self'" },
        ],
      },
      {
        // The Chooser/Saver script and its icons are included by partner sites
        // (docs/partner-apps.md): cacheable for an hour, revalidated by ETag after that.
        source: "/embed/:path*",
        headers: [
          { key: "Cache-Control", value: "public, max-age=3600, stale-while-revalidate=86400" },
          { key: "Cross-Origin-Resource-Policy", value: "cross-origin" },
          { key: "Access-Control-Allow-Origin", value: "*" },
        ],
      },
    ];
  },
};

/**
 * The plugin runs in production builds (`next build --webpack`) only. `tsx server.ts --dev`
 * (Next's development server, Turbopack) gets no service worker: it would serve chunks that hot
 * reload has replaced, and the client entry then has no registration code. Serving a build needs
 * no plugin: the worker is a file in public/ by then.
 */
export default function config(phase) {
  return phase === PHASE_PRODUCTION_BUILD ? withSerwistInit(serwistOptions)(nextConfig) : nextConfig;
}
