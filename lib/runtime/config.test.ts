import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadConfig, parseQuota } from "./config";

describe("CAIRN_DEFAULT_QUOTA", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cairn-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("reads sizes in bytes, SI and binary units; empty or unlimited means no limit", () => {
    expect(parseQuota("1073741824")).toBe(1073741824);
    expect(parseQuota("50GiB")).toBe(50 * 2 ** 30);
    expect(parseQuota("500 MB")).toBe(500e6);
    expect(parseQuota("1.5tib")).toBe(1.5 * 2 ** 40);
    expect(parseQuota(undefined)).toBeNull();
    expect(parseQuota("unlimited")).toBeNull();
  });

  test("refuses what it cannot read, naming the variable", () => {
    for (const bad of ["lots", "10 parsecs", "-5GB", "5 G B"]) {
      expect(() => parseQuota(bad)).toThrow(/CAIRN_DEFAULT_QUOTA/);
    }
    expect(() => loadConfig({ CAIRN_DATA_DIR: dir, CAIRN_DEFAULT_QUOTA: "big" })).toThrow(
      /CAIRN_DEFAULT_QUOTA/,
    );
    expect(loadConfig({ CAIRN_DATA_DIR: dir, CAIRN_DEFAULT_QUOTA: "2GB" }).defaultQuotaBytes).toBe(2e9);
  });
});
