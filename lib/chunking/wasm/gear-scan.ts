// @ts-nocheck: AssemblyScript, not TypeScript (i32, usize, load<T>); compiled by scripts/build-wasm.mjs.
/**
 * The cut-point scan of `scan` in lib/chunking/cut-point.ts, compiled to WebAssembly: same rule,
 * same results (tests hold them equal), about twice as fast as the JIT-compiled loop.
 *
 * Memory layout, written by lib/chunking/wasm-scanner.ts:
 *   [0, 1024)     the gear table, 256 little-endian int32
 *   [1024, ...)   the block of bytes being scanned; indices below are relative to DATA
 */
const DATA: usize = 1024;

/** GEAR[data[at]]. Binaryen inlines it at -O3. */
function gear(at: usize): i32 {
  return load<i32>((load<u8>(DATA + at) as usize) << 2);
}

/**
 * Rolls h = (h << 1) + GEAR[byte] over data[i..limit) and returns the index just after the first
 * byte where (h & mask) == 0, or -1. The state on entry is rebuilt from the up to 32 bytes before i
 * (from hashFrom at the earliest): older bytes have been shifted out of the 32-bit hash.
 */
export function scan(hashFrom: i32, i: i32, limit: i32, mask: i32): i32 {
  let h: i32 = 0;
  for (let k = i - 32 > hashFrom ? i - 32 : hashFrom; k < i; k++) h = (h << 1) + gear(k as usize);
  // Eight bytes per iteration: about 20% faster than two here (V8, x86-64), same decisions.
  const limit7 = limit - 7;
  while (i < limit7) {
    const p = i as usize;
    h = (h << 1) + gear(p);
    if ((h & mask) === 0) return i + 1;
    h = (h << 1) + gear(p + 1);
    if ((h & mask) === 0) return i + 2;
    h = (h << 1) + gear(p + 2);
    if ((h & mask) === 0) return i + 3;
    h = (h << 1) + gear(p + 3);
    if ((h & mask) === 0) return i + 4;
    h = (h << 1) + gear(p + 4);
    if ((h & mask) === 0) return i + 5;
    h = (h << 1) + gear(p + 5);
    if ((h & mask) === 0) return i + 6;
    h = (h << 1) + gear(p + 6);
    if ((h & mask) === 0) return i + 7;
    h = (h << 1) + gear(p + 7);
    if ((h & mask) === 0) return i + 8;
    i += 8;
  }
  for (; i < limit; i++) {
    h = (h << 1) + gear(i as usize);
    if ((h & mask) === 0) return i + 1;
  }
  return -1;
}
