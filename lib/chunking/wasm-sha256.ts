/**
 * SHA-256 in WebAssembly, four messages at a time (source lib/chunking/wasm/sha256x4.ts, built by
 * scripts/build-wasm.mjs into a base64 module). Each of the four SIMD lanes hashes one message;
 * a lane whose message ends takes the next one, so a stream of chunks keeps all four lanes busy.
 *
 * Why, beside `crypto.subtle.digest`: WebCrypto copies its input into a fresh allocation on every
 * call, and in Chromium an allocation past ~960 KiB is a fresh mapping each time (page faults on
 * the copy, a TLB shootdown on the free). Most chunks are bigger than that (mean ~1.16 MiB), and on
 * the machines measured here that copy cost several times the hash itself. Here the bytes are
 * copied once into memory this module reuses. docs/chunking.md has the figures.
 *
 * `Sha256Lanes` is the incremental form a hashing worker uses (chunks arrive one by one);
 * `sha256Many` hashes a list at once. Both are synchronous and run wherever WebAssembly SIMD does
 * (Chromium 91+, Firefox 89+, Safari 16.4+, Node 16.4+); `createSha256Lanes` returns undefined
 * elsewhere, and callers use `crypto.subtle.digest`, which gives the same hashes.
 */
import { SHA256X4_WASM_BASE64 } from "./wasm/sha256x4-wasm";

interface Sha256x4Exports {
  init(): void;
  blocks(p0: number, p1: number, p2: number, p3: number, n: number): void;
  memory: WebAssembly.Memory;
}

const LANES = 4;
const STATE = 2048;
/** Where lane 0's message starts; lane i's at SLOTS + i × slot size. */
const SLOTS = 8192;
const PAGE = 65536;
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The padded length of an `n`-byte message: a 0x80 byte, zeros, the 64-bit bit length. */
function paddedLength(n: number): number {
  return Math.ceil((n + 9) / 64) * 64;
}

let module: WebAssembly.Module | undefined | null = null;

function compiled(): WebAssembly.Module | undefined {
  if (module === null) {
    try {
      const binary = Uint8Array.from(atob(SHA256X4_WASM_BASE64), (c) => c.charCodeAt(0));
      // Compiling fails where SIMD is missing, and instantiating where WebAssembly is refused.
      module = new WebAssembly.Module(binary);
    } catch {
      module = undefined;
    }
  }
  return module;
}

/** A lane's message, from the caller's point of view. */
interface Lane<T> {
  tag: T;
  /** Offset of the next block to hash, from the lane's slot. */
  pos: number;
  /** The padded length. */
  end: number;
}

/**
 * Four SHA-256 computations in flight. `add` copies a message in (it must fit: at most
 * `maxMessage` bytes) when a lane is free; `run` hashes until at least one lane finishes and
 * returns the finished messages' digests. Memory: 4 × (maxMessage + 72) bytes, allocated once.
 */
export class Sha256Lanes<T = number> {
  private readonly lanes: (Lane<T> | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly slotSize: number;
  private readonly bytes: Uint8Array;
  private readonly words: DataView;

  constructor(
    private readonly wasm: Sha256x4Exports,
    readonly maxMessage: number,
  ) {
    this.slotSize = paddedLength(maxMessage);
    const need = SLOTS + LANES * this.slotSize;
    const have = wasm.memory.buffer.byteLength;
    if (have < need) wasm.memory.grow(Math.ceil((need - have) / PAGE));
    wasm.init();
    this.bytes = new Uint8Array(wasm.memory.buffer);
    this.words = new DataView(wasm.memory.buffer);
  }

  /** Lanes without a message. */
  get free(): number {
    return this.lanes.filter((l) => l === undefined).length;
  }

  /** Lanes with a message being hashed. */
  get busy(): number {
    return LANES - this.free;
  }

  /** Copies `message` into a free lane (throws if none is free or it is too long). */
  add(message: Uint8Array, tag: T): void {
    const i = this.lanes.indexOf(undefined);
    if (i < 0) throw new Error("Sha256Lanes.add: no free lane");
    const n = message.length;
    if (n > this.maxMessage) throw new RangeError(`message of ${n} bytes over ${this.maxMessage}`);
    const base = SLOTS + i * this.slotSize;
    const end = paddedLength(n);
    this.bytes.set(message, base);
    this.bytes.fill(0, base + n, base + end);
    this.bytes[base + n] = 0x80;
    // The length in bits, big-endian, in the last 8 bytes (n < 2^53 / 8: two 32-bit halves).
    this.words.setUint32(base + end - 8, Math.floor(n / 0x20000000), false);
    this.words.setUint32(base + end - 4, (n * 8) >>> 0, false);
    for (let w = 0; w < 8; w++) this.words.setUint32(STATE + w * 16 + i * 4, IV[w]!, true);
    this.lanes[i] = { tag, pos: 0, end };
  }

  /**
   * Hashes until the shortest message left in a lane is done; returns every message finished by
   * then with its 32-byte digest. Returns [] when no lane is busy.
   */
  run(): { tag: T; digest: Uint8Array }[] {
    let blocks = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes) if (lane) blocks = Math.min(blocks, (lane.end - lane.pos) / 64);
    if (blocks === Number.POSITIVE_INFINITY) return [];
    const p = this.lanes.map((lane, i) => SLOTS + i * this.slotSize + (lane ? lane.pos : 0));
    // An idle lane hashes whatever its slot holds; its state is reset when it takes a message.
    this.wasm.blocks(p[0]!, p[1]!, p[2]!, p[3]!, blocks);
    const done: { tag: T; digest: Uint8Array }[] = [];
    for (let i = 0; i < LANES; i++) {
      const lane = this.lanes[i];
      if (!lane) continue;
      lane.pos += blocks * 64;
      if (lane.pos < lane.end) continue;
      const digest = new Uint8Array(32);
      const out = new DataView(digest.buffer);
      for (let w = 0; w < 8; w++)
        out.setUint32(w * 4, this.words.getUint32(STATE + w * 16 + i * 4, true), false);
      done.push({ tag: lane.tag, digest });
      this.lanes[i] = undefined;
    }
    return done;
  }
}

/**
 * Four-lane SHA-256 for messages of up to `maxMessage` bytes (each instance has its own
 * WebAssembly memory), or undefined where WebAssembly SIMD cannot run.
 */
export function createSha256Lanes<T = number>(maxMessage: number): Sha256Lanes<T> | undefined {
  const m = compiled();
  if (!m) return undefined;
  try {
    const instance = new WebAssembly.Instance(m, {});
    return new Sha256Lanes<T>(instance.exports as unknown as Sha256x4Exports, maxMessage);
  } catch {
    return undefined;
  }
}

/** Whether the WebAssembly SHA-256 can run here. */
export function wasmSha256Available(): boolean {
  return compiled() !== undefined;
}

/**
 * SHA-256 of each message (32-byte digests, in order), four at a time. Throws where WebAssembly
 * SIMD cannot run (see `wasmSha256Available`).
 */
export function sha256Many(messages: readonly Uint8Array[]): Uint8Array[] {
  const longest = messages.reduce((m, b) => Math.max(m, b.length), 0);
  const lanes = createSha256Lanes<number>(Math.max(longest, 64));
  if (!lanes) throw new Error("WebAssembly SIMD is not available here");
  const out: Uint8Array[] = new Array(messages.length);
  let next = 0;
  for (;;) {
    while (lanes.free > 0 && next < messages.length) {
      lanes.add(messages[next]!, next);
      next++;
    }
    if (lanes.busy === 0) break;
    for (const { tag, digest } of lanes.run()) out[tag] = digest;
  }
  return out;
}
