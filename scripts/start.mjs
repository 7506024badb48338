#!/usr/bin/env node
/**
 * `npm start`: builds the web app when needed, then serves everything (server.ts, run with tsx)
 * in production mode. Works on a fresh clone after `npm install`: no database server needed.
 *
 * "When needed" (cheap: file times only, no hashing): there is no .next/BUILD_ID, or a file the
 * browser bundle is made from is newer than it (see BUILD_INPUTS).
 *
 * Signals: the server runs in its own process group, and this script forwards SIGINT/SIGTERM/
 * SIGHUP to it exactly once. Otherwise a Ctrl-C (which the terminal sends to the whole group,
 * and npm forwards again) would reach the server twice, and the second one would cut its
 * graceful shutdown short (the embedded database must be closed cleanly). Our exit code is the
 * server's.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
const BUILD_ID = join(root, ".next", "BUILD_ID");

/** What the build is made from. Folders are walked (skipping dot folders); missing ones skipped. */
const BUILD_INPUTS = [
  "app",
  "graphql/schema",
  "next.config.mjs",
  "package-lock.json",
  // Code the pages import (lib/sync, lib/chunking, workers) and public/ (icons; the service
  // worker's source is app/sw.ts, and the public/sw.js it becomes is skipped: BUILD_OUTPUTS).
  "lib/chunking",
  "lib/sync",
  "lib/upload",
  "workers",
  "public",
];

const env = {
  ...process.env,
  NODE_ENV: "production",
  // A self-hosted server should not phone home on the operator's behalf.
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
};

/** Files in those folders that never reach the bundle. */
const NOT_BUILT = /\.(test|spec)\.[cm]?[jt]sx?$|\.md$/;

/** Files the build itself writes into an input folder (the service worker, from app/sw.ts). */
const BUILD_OUTPUTS = /^public\/(sw\.js(\.map)?|swe-worker-[^/]*\.js(\.map)?)$/;

/** The first build input newer than `since` (ms), or undefined. Stops at the first one found. */
function newerInput(since) {
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined; // not there: nothing to compare
    }
    if (!stat.isDirectory()) {
      const built =
        stat.mtimeMs > since && !NOT_BUILT.test(path) && !BUILD_OUTPUTS.test(relative(root, path));
      return built ? path : undefined;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const found = visit(join(path, entry.name));
      if (found) return found;
    }
    return undefined;
  };
  for (const input of BUILD_INPUTS) {
    const found = visit(join(root, input));
    if (found) return relative(root, found);
  }
  return undefined;
}

/** Why a build is needed (a one-line message), or undefined when the last build is current. */
function buildReason() {
  if (!existsSync(BUILD_ID)) return "Building the web app (first start only)…";
  const changed = newerInput(statSync(BUILD_ID).mtimeMs);
  if (changed) return `Rebuilding the web app (${changed} changed since the last build)…`;
  return undefined;
}

const exitCodeOf = (code, signal) => code ?? 128 + (constants.signals[signal] ?? 1);

function build() {
  return new Promise((resolve) => {
    const child = spawn(bin("next"), ["build", "--webpack"], {
      cwd: root,
      env,
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    // The build shares our process group, so a Ctrl-C reaches it directly; a signal sent only to
    // us (kill <pid>) is passed on. Either way we stop with it.
    const stop = (signal) => child.kill(signal);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
    child.on("error", (error) => {
      console.error(`Could not run next build: ${error.message}. Did \`npm install\` finish?`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.off(s, stop);
      resolve(exitCodeOf(code, signal));
    });
  });
}

function serve() {
  // `node --import tsx server.ts` rather than the `tsx` CLI: the CLI is a second process that
  // relays signals and SIGKILLs the server when it does not acknowledge one within 30 ms (easily
  // missed while the database is busy), which would again cut a clean shutdown short.
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), "server.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: process.platform !== "win32", // its own process group: see the header comment
  });
  let forwardedAt = 0;
  const forward = (signal) => {
    // npm and the terminal often deliver the same signal twice within milliseconds: pass it on
    // once. A later one (a second Ctrl-C) is passed on too: it stops the server at once.
    if (Date.now() - forwardedAt < 1000) return;
    if (forwardedAt) console.error("Stopping now (not waiting for a clean shutdown)…");
    forwardedAt = Date.now();
    child.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, forward);
  // If this script dies of anything but SIGKILL, do not leave the server running on its own.
  const orphanGuard = () => child.exitCode === null && child.signalCode === null && child.kill("SIGTERM");
  process.on("exit", orphanGuard);
  child.on("error", (error) => {
    console.error(`Could not start the server: ${error.message}. Did \`npm install\` finish?`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    process.off("exit", orphanGuard);
    process.exit(exitCodeOf(code, signal));
  });
}

const reason = buildReason();
if (reason) {
  console.log(reason);
  const started = Date.now();
  const code = await build();
  if (code !== 0) {
    console.error(`The web app build failed (exit code ${code}); see the output above.`);
    process.exit(code);
  }
  console.log(`Web app built in ${Math.round((Date.now() - started) / 1000)} s. Starting Cairn…`);
} else {
  console.log("Starting Cairn (web app already built)…");
}
serve();
