/**
 * Cut-point search: where the chunk that starts at `buf[start]` ends. Pure, no IO, no state kept
 * between calls (restic's `NextSplitPoint` style): the caller owns the buffer and offers bytes.
 *
 * Rule (fastcdc-v1 and any profile built by `defineProfile`), with offsets counted from `start`:
 *   - bytes at offsets [0, minSize) are skipped; the gear hash h starts at 0 and rolls over the
 *     bytes from offset minSize on: h = ((h << 1) + GEAR[byte]) mod 2^32;
 *   - after rolling in the byte at offset i, the chunk ends after that byte (length i + 1) if
 *     (h & maskS) == 0 for i < avgSize, or (h & maskL) == 0 for i >= avgSize;
 *   - with no such byte the chunk is maxSize long, or everything left if the input ends first.
 *
 * Three implementations, held equal by tests: `findCutPointReference` (the rule, plainly),
 * `findCutPointJs` (an unrolled TypeScript loop) and `findCutPointWasm` (the same loop compiled
 * from AssemblyScript, about twice as fast). `findCutPoint` uses WebAssembly where it can run.
 */
import type { ChunkingProfile } from "./profile";
import { type Scanner, wasmScanner } from "./wasm-scanner";

function checkRange(buf: Uint8Array, start: number, end: number): void {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end)) {
    throw new RangeError(`bad range [${start}, ${end})`);
  }
  if (end > buf.length) throw new RangeError(`range end ${end} beyond buffer length ${buf.length}`);
}

/** The frame shared by the fast paths: sizes, limits and the answer; `scanner` finds the cut. */
function cutPointWith(
  scanner: Scanner,
  buf: Uint8Array,
  start: number,
  end: number,
  profile: ChunkingProfile,
  eof: boolean,
): number {
  checkRange(buf, start, end);
  const n = end - start;
  if (n === 0) return -1;
  if (n <= profile.minSize) return eof ? end : -1;
  const limit = n >= profile.maxSize ? start + profile.maxSize : end;
  const normal = Math.min(start + profile.avgSize, limit);
  const cut = scanner(buf, start + profile.minSize, normal, limit, profile);
  if (cut >= 0) return cut;
  if (n >= profile.maxSize) return limit;
  return eof ? end : -1;
}

/**
 * Rolls the gear hash over `buf[i..limit)` testing `mask`, and returns the offset just after the
 * first byte where `(h & mask) == 0`, or -1. The hash state on entry is rebuilt by rolling the up
 * to 32 bytes before `i` (from `hashFrom` at the earliest): after 32 shifts a byte's contribution
 * has left the 32-bit hash, so this equals the state of one continuous roll from `hashFrom`.
 */
function scan(
  buf: Uint8Array,
  gear: Int32Array,
  hashFrom: number,
  i: number,
  limit: number,
  mask: number,
): number {
  let h = 0;
  for (let k = Math.max(i - 32, hashFrom); k < i; k++) h = ((h << 1) + gear[buf[k]!]!) | 0;
  // Two bytes per iteration (FastCDC 2020, "rolling two bytes"): fewer loop tests, same decisions.
  const limit1 = limit - 1;
  while (i < limit1) {
    h = ((h << 1) + gear[buf[i]!]!) | 0;
    if ((h & mask) === 0) return i + 1;
    h = ((h << 1) + gear[buf[i + 1]!]!) | 0;
    if ((h & mask) === 0) return i + 2;
    i += 2;
  }
  if (i < limit) {
    h = ((h << 1) + gear[buf[i]!]!) | 0;
    if ((h & mask) === 0) return i + 1;
  }
  return -1;
}

const jsScanner: Scanner = (buf, from, normal, limit, profile) => {
  const cut = scan(buf, profile.gear, from, from, normal, profile.maskS);
  if (cut >= 0 || normal >= limit) return cut;
  return scan(buf, profile.gear, from, normal, limit, profile.maskL);
};

const fastScanner: Scanner = wasmScanner() ?? jsScanner;

/** Which implementation `findCutPoint` uses here. */
export const cutPointEngine: "wasm" | "js" = fastScanner === jsScanner ? "js" : "wasm";

/**
 * Returns the end offset (exclusive, an index into `buf`) of the chunk that starts at `start`,
 * looking only at `buf[start..end)`, or -1 if those bytes do not settle it and more are needed.
 *
 * - `eof`: no bytes follow `end`; then the answer is never -1 unless `start == end`.
 * - With at least `profile.maxSize` bytes offered the answer is never -1. A cut found in fewer
 *   bytes is final too: it depends only on the bytes before it. Offering maxSize bytes (or the
 *   rest of the input) per call avoids scanning the same bytes twice.
 */
export function findCutPoint(
  buf: Uint8Array,
  start: number,
  end: number,
  profile: ChunkingProfile,
  eof: boolean,
): number {
  return cutPointWith(fastScanner, buf, start, end, profile, eof);
}

/** `findCutPoint` with the TypeScript loop, whatever the runtime supports. */
export function findCutPointJs(
  buf: Uint8Array,
  start: number,
  end: number,
  profile: ChunkingProfile,
  eof: boolean,
): number {
  return cutPointWith(jsScanner, buf, start, end, profile, eof);
}

/** `findCutPoint` with the WebAssembly scan; throws where WebAssembly cannot run. */
export function findCutPointWasm(
  buf: Uint8Array,
  start: number,
  end: number,
  profile: ChunkingProfile,
  eof: boolean,
): number {
  const scanner = wasmScanner();
  if (!scanner) throw new Error("WebAssembly is not available here");
  return cutPointWith(scanner, buf, start, end, profile, eof);
}

/**
 * The rule above written as plainly as possible (one byte at a time, unsigned arithmetic): the
 * specification in code, slow. Tests hold the fast paths to it.
 */
export function findCutPointReference(
  buf: Uint8Array,
  start: number,
  end: number,
  profile: ChunkingProfile,
  eof: boolean,
): number {
  checkRange(buf, start, end);
  const n = end - start;
  if (n === 0) return -1;
  if (n <= profile.minSize) return eof ? end : -1;
  let h = 0;
  for (let i = profile.minSize; i < n && i < profile.maxSize; i++) {
    h = ((h * 2) % 2 ** 32) + (profile.gear[buf[start + i]!]! >>> 0);
    h %= 2 ** 32;
    const mask = i < profile.avgSize ? profile.maskS : profile.maskL;
    if ((h & mask) === 0) return start + i + 1;
  }
  if (n >= profile.maxSize) return start + profile.maxSize;
  return eof ? end : -1;
}
