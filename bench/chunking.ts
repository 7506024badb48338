/**
 * Chunking benchmark: chunk + hash (lib/chunking `chunkBytes`, fastcdc-v1, SHA-256 per chunk)
 * against plain `createHash("sha256")` over the same in-memory bytes, in the same run.
 *
 *   npx tsx bench/chunking.ts [MiB]     (default 1024)
 *
 * Each measurement runs `rounds` times, alternating, and the best of each is kept, so a stray
 * pause on a small machine does not decide the ratio.
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import {
  chunkBytes,
  chunkStream,
  cutPointEngine,
  DEFAULT_HASH_CONCURRENCY,
  findCutPoint,
} from "../lib/chunking";
import { xorshift32Bytes } from "../lib/chunking/golden";
import { FASTCDC_V1 } from "../lib/chunking/profile";

const MiB = 1024 * 1024;

export interface ChunkingBenchResult {
  /** Chunk + hash throughput, MiB/s. */
  mibPerS: number;
  /** Plain SHA-256 over the same bytes, MiB/s. */
  sha256MibPerS: number;
  /** mibPerS / sha256MibPerS. */
  ratio: number;
}

export interface ChunkingBenchOptions {
  /** Input size in MiB (default 1024). */
  mib?: number;
  /** Timed runs of each measurement; the best counts (default 2). */
  rounds?: number;
  hashConcurrency?: number;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function sha256Once(buf: Uint8Array): number {
  const t = performance.now();
  createHash("sha256").update(buf).digest();
  return seconds(t);
}

async function chunkOnce(buf: Uint8Array, hashConcurrency: number): Promise<number> {
  const t = performance.now();
  const chunks = await chunkBytes(buf, { hashConcurrency });
  const s = seconds(t);
  if (chunks.reduce((n, c) => n + c.size, 0) !== buf.length) throw new Error("chunks do not cover the input");
  return s;
}

export async function benchChunking(opts: ChunkingBenchOptions = {}): Promise<ChunkingBenchResult> {
  const mib = opts.mib ?? 1024;
  const rounds = opts.rounds ?? 2;
  const hashConcurrency = opts.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY;
  const buf = xorshift32Bytes(mib * MiB, 0x9e3779b9);
  // Warm up the JIT on a slice before timing anything.
  const warm = buf.subarray(0, Math.min(buf.length, 64 * MiB));
  sha256Once(warm);
  await chunkOnce(warm, hashConcurrency);
  let sha = Number.POSITIVE_INFINITY;
  let chunk = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    sha = Math.min(sha, sha256Once(buf));
    chunk = Math.min(chunk, await chunkOnce(buf, hashConcurrency));
  }
  const mibPerS = mib / chunk;
  const sha256MibPerS = mib / sha;
  return { mibPerS, sha256MibPerS, ratio: mibPerS / sha256MibPerS };
}

/** Cut-point search alone (no hashing), MiB/s of input: the single-thread part of chunk + hash. */
export function benchCutPoints(buf: Uint8Array): { mibPerS: number; chunks: number } {
  const t = performance.now();
  let chunks = 0;
  for (let start = 0; start < buf.length; chunks++)
    start = findCutPoint(buf, start, buf.length, FASTCDC_V1, true);
  return { mibPerS: buf.length / MiB / seconds(t), chunks };
}

/** chunkStream fed in `readSize` pieces, MiB/s: adds the copy into the stream buffer. */
export async function benchStream(buf: Uint8Array, readSize: number): Promise<number> {
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < buf.length; i += readSize) yield buf.subarray(i, i + readSize);
  }
  const t = performance.now();
  for await (const _ of chunkStream(pieces())) {
    // drain
  }
  return buf.length / MiB / seconds(t);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const mib = Number(process.argv[2] ?? 1024);
  const result = await benchChunking({ mib });
  const f = (n: number) => n.toFixed(0);
  console.log(
    `chunking ${mib} MiB (fastcdc-v1, ${cutPointEngine}, hashConcurrency ${DEFAULT_HASH_CONCURRENCY}): ` +
      `chunk+hash ${f(result.mibPerS)} MiB/s, ` +
      `sha256 ${f(result.sha256MibPerS)} MiB/s, ratio ${result.ratio.toFixed(2)}`,
  );
  const sample = xorshift32Bytes(Math.min(mib, 512) * MiB, 0x9e3779b9);
  benchCutPoints(sample.subarray(0, 64 * MiB));
  const cuts = benchCutPoints(sample);
  console.log(
    `  cut points alone: ${f(cuts.mibPerS)} MiB/s, mean chunk ${f(sample.length / cuts.chunks / 1024)} KiB;` +
      ` chunkStream with 1 MiB reads: ${f(await benchStream(sample, MiB))} MiB/s`,
  );
}
