/**
 * Configuration from the environment; every variable is optional (README "Configuration").
 * CAIRN_SECRET, when unset, is generated once and kept in the data directory (mode 0600).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  blockstoreUrl: string;
  port: number;
  host: string;
  publicUrl: string | undefined;
  secret: string;
  dev: boolean;
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.CAIRN_DATA_DIR ?? ".cairn");
  mkdirSync(dataDir, { recursive: true });
  const port = overrides.port ?? Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got ${env.PORT})`);
  const publicUrl = overrides.publicUrl ?? env.CAIRN_PUBLIC_URL;
  if (publicUrl) new URL(publicUrl); // throws a clear TypeError on a malformed URL
  return {
    dataDir,
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    blockstoreUrl:
      overrides.blockstoreUrl ?? env.CAIRN_BLOCKSTORE ?? `file://${path.join(dataDir, "blocks")}`,
    port,
    host: overrides.host ?? env.HOST ?? "0.0.0.0",
    publicUrl: publicUrl?.replace(/\/$/, ""),
    secret: overrides.secret ?? env.CAIRN_SECRET ?? readOrCreateSecret(dataDir),
    dev: overrides.dev ?? false,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
