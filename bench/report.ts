/**
 * Benchmark results: `bench/results.json` (the shape issue 3 fixes, merged so keys another
 * benchmark wrote survive), `bench/details.json` (breakdowns and notes, merged the same way) and
 * the table printed to stdout and written to `bench/results.md` for the README.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export interface ChunkingResults {
  mibPerS: number;
  sha256MibPerS: number;
  ratio: number;
}
export interface EditBytes {
  a: number;
  b: number;
  c: number;
  d: number;
  scattered: number;
}
export interface EditBytesResults extends EditBytes {
  fixed4MiB: EditBytes;
}
export interface UploadResults {
  mibPerS: number;
  cpMibPerS: number;
}
export interface CommitsResults {
  perSecond: number | null;
  clients: number;
  database: string;
}

export interface NotifyResults {
  subscribers: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Results {
  browserChunking?: { mibPerS: number; nodeSha256MibPerS: number; ratio: number; longestMainTaskMs: number };
  freshIndex?: { nodes: number; seconds: number };
  chunking?: ChunkingResults;
  notify?: NotifyResults[];
  editBytes?: EditBytesResults;
  upload?: UploadResults;
  commits?: CommitsResults;
  measuredAt?: string;
  [other: string]: unknown;
}

/** Per-benchmark explanations: where bytes and time went, what was used. Free-form lines. */
export type Details = Record<string, { measuredAt: string; notes: string[]; data?: unknown }>;

export const RESULTS_JSON = fileURLToPath(new URL("./results.json", import.meta.url));
export const DETAILS_JSON = fileURLToPath(new URL("./details.json", import.meta.url));
export const RESULTS_MD = fileURLToPath(new URL("./results.md", import.meta.url));

export async function readJson<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return fallback;
  }
}

export const MB = 1_000_000;

export const TARGETS = {
  chunkRatio: 0.8,
  editBytes: { a: 3.2 * MB, b: 2.0 * MB, c: 1.6 * MB, d: 1.1 * MB },
  uploadMibPerS: 250,
  commitsPerSecond: 1000,
} as const;

export interface Row {
  metric: string;
  measured: string;
  reference: string;
  target: string;
  pass: boolean | null;
}

const mb = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 3 : 1)} MB`;
const rate = (n: number) => `${n.toFixed(0)} MiB/s`;

const EDIT_LABELS: Record<keyof EditBytes, string> = {
  a: "(a) insert 1 byte at 100 MiB",
  b: "(b) overwrite 4 KiB in the middle",
  c: "(c) append 1 MiB",
  d: "(d) prepend 1 KiB",
  scattered: "100 scattered 1–100 B edits, 10 MiB text",
};

/** The table rows for whatever `results` holds. */
export function rows(results: Results): Row[] {
  const out: Row[] = [];
  const c = results.chunking;
  if (c) {
    out.push({
      metric: "chunk + hash, 1 GiB in memory (fastcdc-v1)",
      measured: rate(c.mibPerS),
      reference: `SHA-256 alone ${rate(c.sha256MibPerS)} (ratio ${c.ratio.toFixed(2)})`,
      target: `≥ ${TARGETS.chunkRatio}× SHA-256`,
      pass: c.ratio >= TARGETS.chunkRatio,
    });
  }
  const e = results.editBytes;
  if (e) {
    for (const key of ["a", "b", "c", "d", "scattered"] as const) {
      const target = key === "scattered" ? undefined : TARGETS.editBytes[key];
      out.push({
        metric: `wire bytes, 1 GiB file: ${EDIT_LABELS[key]}`.replace(
          "1 GiB file: 100 scattered",
          "100 scattered",
        ),
        measured: mb(e[key]),
        reference: `fixed 4 MiB blocks: ${mb(e.fixed4MiB[key])}`,
        target: target === undefined ? "none yet" : `≤ ${mb(target)}`,
        pass: target === undefined ? null : e[key] <= target,
      });
    }
  }
  const u = results.upload;
  if (u) {
    out.push({
      metric: "initial upload, loopback (PGlite, local disk)",
      measured: rate(u.mibPerS),
      reference: `cp ${rate(u.cpMibPerS)}`,
      target: `≥ ${TARGETS.uploadMibPerS} MiB/s`,
      pass: u.mibPerS >= TARGETS.uploadMibPerS,
    });
  }
  const bc = results.browserChunking;
  if (bc) {
    out.push({
      metric: "chunk + hash in Chromium's worker, 1 GiB",
      measured: `${rate(bc.mibPerS)}, longest main-thread task ${bc.longestMainTaskMs.toFixed(0)} ms`,
      reference: `Node SHA-256 ${rate(bc.nodeSha256MibPerS)} (ratio ${bc.ratio.toFixed(2)})`,
      target: "≥ 0.5× and no task over 50 ms",
      pass: bc.ratio >= 0.5 && bc.longestMainTaskMs <= 50,
    });
  }
  const fi = results.freshIndex;
  if (fi) {
    out.push({
      metric: `fresh client index of a ${fi.nodes.toLocaleString("en-US")}-node namespace`,
      measured: `${fi.seconds.toFixed(2)} s`,
      reference: "—",
      target: "< 10 s",
      pass: fi.seconds < 10,
    });
  }
  for (const n of results.notify ?? []) {
    out.push({
      metric: `commit → delivery, ${n.subscribers} subscriber${n.subscribers === 1 ? "" : "s"} of one namespace`,
      measured: `p50 ${n.p50Ms} ms, p99 ${n.p99Ms} ms`,
      reference: "—",
      target: n.subscribers === 1000 ? "p50 < 10 ms, p99 < 50 ms" : "—",
      pass: n.subscribers === 1000 ? n.p50Ms < 10 && n.p99Ms < 50 : null,
    });
  }
  const k = results.commits;
  if (k) {
    out.push({
      metric: `commitFile, ${k.clients} concurrent clients (${k.database})`,
      measured: k.perSecond === null ? "not measured" : `${k.perSecond.toFixed(0)} commits/s`,
      reference: "—",
      target: `≥ ${TARGETS.commitsPerSecond.toLocaleString("en-US")} commits/s`,
      pass: k.perSecond === null ? null : k.perSecond >= TARGETS.commitsPerSecond,
    });
  }
  return out;
}

/** A markdown table with padded columns (as the formatter lays tables out); `measured` is right-aligned. */
export function markdownTable(list: Row[]): string {
  const header = ["metric", "measured", "reference", "target", "pass/fail"];
  const body = list.map((r) => [
    r.metric,
    r.measured,
    r.reference,
    r.target,
    r.pass === null ? "—" : r.pass ? "pass" : "**fail**",
  ]);
  const width = (text: string) => [...text].length;
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((row) => width(row[i]!))));
  const right = (i: number) => i === 1;
  const cell = (text: string, i: number) => {
    const pad = " ".repeat(widths[i]! - width(text));
    return right(i) ? pad + text : text + pad;
  };
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (right(i) ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return `${[line(header), rule, ...body.map(line)].join("\n")}\n`;
}

export function markdownReport(results: Results, details: Details, machine: string): string {
  const parts = [
    "## Benchmarks",
    "",
    `Measured ${results.measuredAt ?? "?"} on ${machine} by \`npm run bench\` (bench/run.ts); MB = 10^6 bytes.`,
    "",
    markdownTable(rows(results)),
  ];
  for (const [name, d] of Object.entries(details)) {
    if (d.notes.length === 0) continue;
    parts.push(`**${name}** (${d.measuredAt})`, "", ...d.notes.map((n) => `- ${n}`), "");
  }
  return `${parts
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

export async function saveResults(
  measured: Partial<Results>,
  newDetails: Details,
  machine: string,
): Promise<{ results: Results; details: Details; markdown: string }> {
  const results: Results = { ...(await readJson<Results>(RESULTS_JSON, {})), ...measured };
  const details: Details = { ...(await readJson<Details>(DETAILS_JSON, {})), ...newDetails };
  await writeFile(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(DETAILS_JSON, `${JSON.stringify(details, null, 2)}\n`);
  const markdown = markdownReport(results, details, machine);
  await writeFile(RESULTS_MD, markdown);
  return { results, details, markdown };
}
