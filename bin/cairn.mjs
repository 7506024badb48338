#!/usr/bin/env node
// The `cairn` command: loads tsx (resolved from this file, so it works from any directory inside
// or outside the repository) with the repository's tsconfig for the `@/` imports, then runs
// lib/client/cli.ts in this same process. See `cairn --help`.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = new URL("../", import.meta.url);
register({ tsconfig: fileURLToPath(new URL("tsconfig.json", root)) });
const { main } = await import(new URL("lib/client/cli.ts", root).href);
process.exitCode = await main(process.argv.slice(2));
