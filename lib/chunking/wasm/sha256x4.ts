// @ts-nocheck: AssemblyScript, not TypeScript (v128, usize, load<T>); compiled by scripts/build-wasm.mjs.
/**
 * SHA-256 (FIPS 180-4) of four messages at once, one per 32-bit lane of WebAssembly SIMD
 * ("multi-buffer" hashing): every operation of a round is applied to the four lanes together, so
 * four chunks cost about as much as one or two done one at a time. The caller
 * (lib/chunking/wasm-sha256.ts) lays each message out in memory already padded, sets each lane's
 * state, calls `blocks` for as many 64-byte blocks as every lane has left, and reads a lane's state
 * out as its digest when that lane's message ends.
 *
 * Memory layout (the caller writes and reads it):
 *   [0, 1024)      K: the 64 round constants, each repeated in four lanes (written by `init`)
 *   [1024, 2048)   W: the message schedule of the block being hashed (scratch)
 *   [2048, 2176)   the state: a..h, each a v128 of four lanes (lane i = message i)
 *   [4096, 8192)   static data (the round constants `init` copies)
 *   [8192, ...)    the messages (anywhere the caller likes)
 */
const K: usize = 0;
const W: usize = 1024;
const STATE: usize = 2048;
// The round constants below are static data at 4096 and up (--memoryBase 4096 in
// scripts/build-wasm.mjs), clear of the regions above; messages start at 8192.

const ROUND_CONSTANTS: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

/** Writes K (four copies of each constant). Call once after instantiating. */
export function init(): void {
  for (let t = 0; t < 64; t++) {
    v128.store(K + ((t as usize) << 4), i32x4.splat(ROUND_CONSTANTS[t] as i32));
  }
}

function rotr(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}

/** Σ1(e) of the compression function. */
function sigma1(e: v128): v128 {
  return v128.xor(v128.xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25));
}

/** Σ0(a) of the compression function. */
function sigma0(a: v128): v128 {
  return v128.xor(v128.xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22));
}

/** K[t] + W[t], four lanes. */
function kw(t: usize): v128 {
  return i32x4.add(v128.load(K + (t << 4)), v128.load(W + (t << 4)));
}

/** Four lanes' 16 bytes at p0..p3 as four vectors of one big-endian word index each (transposed). */
function loadWords(p0: usize, p1: usize, p2: usize, p3: usize, off: usize, out: usize): void {
  // Each load holds 4 big-endian words of one lane: swap the bytes of each word, then transpose.
  const v0 = i8x16.shuffle(
    v128.load(p0 + off),
    v128.load(p0 + off),
    3,
    2,
    1,
    0,
    7,
    6,
    5,
    4,
    11,
    10,
    9,
    8,
    15,
    14,
    13,
    12,
  );
  const v1 = i8x16.shuffle(
    v128.load(p1 + off),
    v128.load(p1 + off),
    3,
    2,
    1,
    0,
    7,
    6,
    5,
    4,
    11,
    10,
    9,
    8,
    15,
    14,
    13,
    12,
  );
  const v2 = i8x16.shuffle(
    v128.load(p2 + off),
    v128.load(p2 + off),
    3,
    2,
    1,
    0,
    7,
    6,
    5,
    4,
    11,
    10,
    9,
    8,
    15,
    14,
    13,
    12,
  );
  const v3 = i8x16.shuffle(
    v128.load(p3 + off),
    v128.load(p3 + off),
    3,
    2,
    1,
    0,
    7,
    6,
    5,
    4,
    11,
    10,
    9,
    8,
    15,
    14,
    13,
    12,
  );
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(out, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(out + 16, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(out + 32, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(out + 48, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * Hashes `n` 64-byte blocks of each lane's message, lane i's starting at `pi`, into the state.
 * The messages must already be padded; a lane whose message is done can point at any readable
 * bytes (its state is then meaningless until the caller sets it again).
 */
export function blocks(p0: usize, p1: usize, p2: usize, p3: usize, n: i32): void {
  let a = v128.load(STATE);
  let b = v128.load(STATE + 16);
  let c = v128.load(STATE + 32);
  let d = v128.load(STATE + 48);
  let e = v128.load(STATE + 64);
  let f = v128.load(STATE + 80);
  let g = v128.load(STATE + 96);
  let h = v128.load(STATE + 112);
  for (let blk = 0; blk < n; blk++) {
    const off = (blk as usize) << 6;
    loadWords(p0, p1, p2, p3, off, W);
    loadWords(p0, p1, p2, p3, off + 16, W + 64);
    loadWords(p0, p1, p2, p3, off + 32, W + 128);
    loadWords(p0, p1, p2, p3, off + 48, W + 192);
    for (let t: usize = 16; t < 64; t++) {
      const w15 = v128.load(W + ((t - 15) << 4));
      const w2 = v128.load(W + ((t - 2) << 4));
      const s0 = v128.xor(v128.xor(rotr(w15, 7), rotr(w15, 18)), i32x4.shr_u(w15, 3));
      const s1 = v128.xor(v128.xor(rotr(w2, 17), rotr(w2, 19)), i32x4.shr_u(w2, 10));
      v128.store(
        W + (t << 4),
        i32x4.add(
          i32x4.add(v128.load(W + ((t - 16) << 4)), s0),
          i32x4.add(v128.load(W + ((t - 7) << 4)), s1),
        ),
      );
    }
    const a0 = a;
    const b0 = b;
    const c0 = c;
    const d0 = d;
    const e0 = e;
    const f0 = f;
    const g0 = g;
    const h0 = h;
    // Eight rounds per iteration, the variables renamed instead of shifted along.
    for (let t: usize = 0; t < 64; t += 8) {
      h = i32x4.add(i32x4.add(h, sigma1(e)), i32x4.add(v128.bitselect(f, g, e), kw(t + 0)));
      d = i32x4.add(d, h);
      h = i32x4.add(h, i32x4.add(sigma0(a), v128.bitselect(a, b, v128.xor(b, c))));
      g = i32x4.add(i32x4.add(g, sigma1(d)), i32x4.add(v128.bitselect(e, f, d), kw(t + 1)));
      c = i32x4.add(c, g);
      g = i32x4.add(g, i32x4.add(sigma0(h), v128.bitselect(h, a, v128.xor(a, b))));
      f = i32x4.add(i32x4.add(f, sigma1(c)), i32x4.add(v128.bitselect(d, e, c), kw(t + 2)));
      b = i32x4.add(b, f);
      f = i32x4.add(f, i32x4.add(sigma0(g), v128.bitselect(g, h, v128.xor(h, a))));
      e = i32x4.add(i32x4.add(e, sigma1(b)), i32x4.add(v128.bitselect(c, d, b), kw(t + 3)));
      a = i32x4.add(a, e);
      e = i32x4.add(e, i32x4.add(sigma0(f), v128.bitselect(f, g, v128.xor(g, h))));
      d = i32x4.add(i32x4.add(d, sigma1(a)), i32x4.add(v128.bitselect(b, c, a), kw(t + 4)));
      h = i32x4.add(h, d);
      d = i32x4.add(d, i32x4.add(sigma0(e), v128.bitselect(e, f, v128.xor(f, g))));
      c = i32x4.add(i32x4.add(c, sigma1(h)), i32x4.add(v128.bitselect(a, b, h), kw(t + 5)));
      g = i32x4.add(g, c);
      c = i32x4.add(c, i32x4.add(sigma0(d), v128.bitselect(d, e, v128.xor(e, f))));
      b = i32x4.add(i32x4.add(b, sigma1(g)), i32x4.add(v128.bitselect(h, a, g), kw(t + 6)));
      f = i32x4.add(f, b);
      b = i32x4.add(b, i32x4.add(sigma0(c), v128.bitselect(c, d, v128.xor(d, e))));
      a = i32x4.add(i32x4.add(a, sigma1(f)), i32x4.add(v128.bitselect(g, h, f), kw(t + 7)));
      e = i32x4.add(e, a);
      a = i32x4.add(a, i32x4.add(sigma0(b), v128.bitselect(b, c, v128.xor(c, d))));
    }
    a = i32x4.add(a, a0);
    b = i32x4.add(b, b0);
    c = i32x4.add(c, c0);
    d = i32x4.add(d, d0);
    e = i32x4.add(e, e0);
    f = i32x4.add(f, f0);
    g = i32x4.add(g, g0);
    h = i32x4.add(h, h0);
  }
  v128.store(STATE, a);
  v128.store(STATE + 16, b);
  v128.store(STATE + 32, c);
  v128.store(STATE + 48, d);
  v128.store(STATE + 64, e);
  v128.store(STATE + 80, f);
  v128.store(STATE + 96, g);
  v128.store(STATE + 112, h);
}
