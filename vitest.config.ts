import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["{lib,db,graphql,workers,app,test}/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["node_modules", "e2e/**", ".next"],
    // Integration suites boot a real server with a real database (PGlite initdb takes seconds).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
