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
  /** Storage per user unless set for the user (CAIRN_DEFAULT_QUOTA, e.g. "50GiB"); null: unlimited. */
  defaultQuotaBytes: number | null;
  /** How long a Chooser direct link works (CAIRN_DIRECT_LINK_TTL, seconds; default 4 hours). */
  directLinkTtlSeconds: number;
}

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** "50GiB", "500 MB", "1073741824" or "unlimited" (also empty) → bytes or null. */
export function parseQuota(text: string | undefined): number | null {
  const value = (text ?? "").trim().toLowerCase();
  if (value === "" || value === "unlimited" || value === "none") return null;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(value);
  const unit = match ? UNITS[match[2]!] : undefined;
  if (!match || unit === undefined) {
    throw new Error(
      `CAIRN_DEFAULT_QUOTA must be a size like 50GiB, 500MB or a number of bytes, or "unlimited" (got ${text})`,
    );
  }
  return Math.floor(Number(match[1]) * unit);
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
    defaultQuotaBytes:
      overrides.defaultQuotaBytes !== undefined
        ? overrides.defaultQuotaBytes
        : parseQuota(env.CAIRN_DEFAULT_QUOTA),
    directLinkTtlSeconds: overrides.directLinkTtlSeconds ?? parseTtl(env.CAIRN_DIRECT_LINK_TTL),
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

/** CAIRN_DIRECT_LINK_TTL: whole seconds from 1 to 7 days; unset means 4 hours. */
function parseTtl(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 4 * 60 * 60;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 7 * 86_400) {
    throw new Error(`CAIRN_DIRECT_LINK_TTL must be a number of seconds from 1 to 604800, not "${value}"`);
  }
  return seconds;
}
