// Next.js configuration for Cairn's web app. Built with webpack (`next build --webpack`): the
// service worker plugin (Serwist) added later only works with webpack builds (see STACK.md).

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
};

export default nextConfig;
