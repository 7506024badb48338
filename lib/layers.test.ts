/**
 * The import boundaries of docs/architecture.md, checked on the source: imports point down the
 * layers, the browser never reaches server code, and the isomorphic chunker uses Web APIs only.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === "node_modules" || name === "__generated__" || name.startsWith(".")) continue;
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = new Set<string>();
  // Type-only imports erase at build time: they cross no boundary at run time.
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?from\s+["']([^"']+)["']/g))
    found.add(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+["']([^"']+)["']/g)) found.add(m[1]!);
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1]!);
  return [...found];
}

/** The import as "~/lib/drive/x" when it is ours, else the package name ("graphql", "node:fs"). */
function target(file: string, spec: string): string {
  if (spec.startsWith("@/")) return `~/${spec.slice(2)}`;
  if (spec.startsWith(".")) return `~/${path.relative(ROOT, path.resolve(path.dirname(file), spec))}`;
  return spec;
}

const RULES: { folder: string; forbidden: RegExp; why: string; except?: RegExp }[] = [
  {
    folder: "app",
    forbidden:
      /^~\/(db|graphql|lib\/(drive|storage|auth|http|client|testing|runtime))(\/|$)|^node:|^(postgres|drizzle-orm|@electric-sql\/pglite|better-auth\/node)/,
    why: "pages run in the browser: no server code",
  },
  {
    folder: "lib/chunking",
    forbidden: /^node:|^~\/(db|graphql|app|lib\/(?!chunking))/,
    why: "the chunker is isomorphic: Web APIs only",
  },
  {
    folder: "lib/drive",
    forbidden: /^~\/(graphql|app|lib\/(http|client))(\/|$)/,
    why: "domain code does not know its callers",
  },
  {
    folder: "lib/storage",
    forbidden: /^~\/(db|graphql|app|lib\/(drive|http|auth|client))(\/|$)/,
    why: "storage knows nothing of the drive",
  },
  {
    folder: "lib/sync",
    forbidden: /^node:|^~\/(db|graphql|app|lib\/(drive|storage|auth|http|client|runtime))(\/|$)/,
    why: "the sync engine runs in the browser: no server code",
    except: /^lib\/sync\/(testing|simulation)\//,
  },
  {
    folder: "lib/upload",
    forbidden: /^node:|^~\/(db|graphql|app|lib\/(drive|storage|auth|http|client|runtime))(\/|$)/,
    why: "the upload pipeline runs in the browser: no server code",
  },
  {
    folder: "workers",
    forbidden: /^node:|^~\/(db|graphql|app|lib\/(?!chunking))/,
    why: "workers chunk and hash with Web APIs only",
  },
  { folder: "db", forbidden: /^~\/(graphql|app|lib)\//, why: "the schema is the bottom layer" },
  {
    folder: "graphql",
    forbidden: /^(drizzle-orm|postgres|@electric-sql\/pglite)|^~\/lib\/storage/,
    why: "resolvers hold no SQL and no storage calls",
  },
  {
    folder: "lib/http",
    forbidden: /^(drizzle-orm|postgres|@electric-sql\/pglite)|^~\/(db|graphql)(\/|$)/,
    why: "handlers hold no SQL",
  },
];

describe("layers", () => {
  for (const rule of RULES) {
    test(`${rule.folder} imports only what its layer may (${rule.why})`, () => {
      const files = (() => {
        try {
          return sources(rule.folder);
        } catch {
          return [];
        }
      })();
      const violations = files
        .filter((f) => !rule.except?.test(path.relative(ROOT, f)))
        .flatMap((f) =>
          importsOf(f)
            .map((spec) => target(f, spec))
            .filter((t) => rule.forbidden.test(t))
            .map((t) => `${path.relative(ROOT, f)} → ${t}`),
        );
      expect(violations).toEqual([]);
    });
  }

  test("the rules see imports (a forbidden import is caught)", () => {
    const fake = path.join(ROOT, "app", "x.ts");
    expect(target(fake, "@/lib/drive")).toBe("~/lib/drive");
    expect(target(fake, "../db/schema")).toBe("~/db/schema");
    expect(target(fake, "graphql")).toBe("graphql");
    expect(RULES[0]!.forbidden.test(target(fake, "@/lib/drive"))).toBe(true);
    expect(RULES[0]!.forbidden.test(target(fake, "@/lib/chunking"))).toBe(false);
  });
});
