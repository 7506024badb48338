import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: fileURLToPath(new URL("./", import.meta.url)) },
      // graphql ships CJS and ESM builds; Node (and so Apollo and graphql-ws, which vitest does not
      // bundle) loads the CJS one. Make our own imports load the same copy, as they do in production.
      { find: /^graphql$/, replacement: require.resolve("graphql") },
    ],
  },
  test: {
    include: ["{lib,db,graphql,workers,app}/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["node_modules", "e2e/**", ".next"],
    // Integration suites boot a real server with a real database (PGlite initdb takes seconds).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
