/**
 * Test harness: boots the real server (API only) on a random port with a temp data directory,
 * on PGlite and, when DATABASE_URL is set, on a fresh PostgreSQL database. Integration suites
 * loop over `TEST_DATABASES` so the same cases run on both.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { type RunningServer, startServer } from "@/server";

export interface TestDatabase {
  name: "pglite" | "postgres";
  url?: string;
}

export const TEST_DATABASES: TestDatabase[] = [
  { name: "pglite" },
  ...(process.env.DATABASE_URL ? [{ name: "postgres" as const, url: process.env.DATABASE_URL }] : []),
];

export interface TestServer extends RunningServer {
  dataDir: string;
  stop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database next to the one DATABASE_URL names; dropped by `drop()`. */
export async function freshPostgresDatabase(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cairn_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface BootOptions {
  /**
   * Nothing on disk: PGlite in memory (`memory://`) and the data directory (blobs) on tmpfs
   * (/dev/shm) when the machine has one. For suites that test logic under load (the sync
   * simulation), where fsyncs only add waiting; the same SQL and the same server run.
   */
  ephemeral?: boolean;
}

export async function bootTestServer(
  database: TestDatabase,
  env: Record<string, string> = {},
  options: BootOptions = {},
): Promise<TestServer> {
  const tmpRoot = options.ephemeral && existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dataDir = await mkdtemp(path.join(tmpRoot, "cairn-test-"));
  const pg = database.url ? await freshPostgresDatabase(database.url) : undefined;
  const server = await startServer({
    pages: false,
    env: { CAIRN_AUTH_RATE_LIMIT: "off", ...env },
    config: {
      dataDir,
      port: 0,
      host: "127.0.0.1",
      databaseUrl: pg?.url ?? (options.ephemeral ? "memory://" : undefined),
      dev: true,
      secret: "test-secret-test-secret-test-secret",
    },
    log: () => {},
  });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.close();
      await pg?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
