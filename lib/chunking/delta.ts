/**
 * Chunk deltas (rsync's algorithm, per chunk): send a changed chunk as the difference from a
 * chunk the server already has, instead of whole. Content-defined chunking keeps an edit inside
 * one or two chunks; this keeps the bytes sent for those chunks close to the bytes changed.
 *
 * 1. The server describes a base chunk by its *signature*: for each block of BLOCK bytes, a weak
 *    rolling checksum and a 64-bit strong checksum (`signature`).
 * 2. The client slides a window over the new chunk; where the weak then the strong checksum of
 *    the window match a base block, it emits COPY, otherwise literal bytes (`computeDelta`).
 * 3. The server rebuilds the new chunk (`applyDelta`) and stores it only if its SHA-256 is the
 *    hash the client named, so a checksum collision can only make the upload fail, never corrupt.
 *
 * Wire formats (all integers unsigned 32-bit little-endian):
 *   signature: "CSG1", blockSize, baseSize, count, then count × (weak, strongLo, strongHi)
 *   delta:     "CDL1", outputSize, then ops: 0x01 COPY (offset, length) | 0x02 ADD (length, bytes)
 * Web APIs only: runs in Node, pages and workers.
 */

export const DELTA_BLOCK = 2048;
/** Deltas rebuild chunks, which are at most 4 MiB. */
export const MAX_DELTA_OUTPUT = 4 * 1024 * 1024;

const SIG_MAGIC = 0x31475343; // "CSG1"
const DELTA_MAGIC = 0x314c4443; // "CDL1"
const OP_COPY = 1;
const OP_ADD = 2;

export class InvalidDeltaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidDeltaError";
  }
}

export interface ChunkSignature {
  blockSize: number;
  baseSize: number;
  weak: Uint32Array;
  /** Two words per block. */
  strong: Uint32Array;
}

/** rsync's weak checksum of bytes[start, start+len): a in the low half, b in the high half. */
function weakOf(bytes: Uint8Array, start: number, len: number): { a: number; b: number } {
  let a = 0;
  let b = 0;
  for (let i = 0; i < len; i++) {
    a = (a + bytes[start + i]!) & 0xffff;
    b = (b + (len - i) * bytes[start + i]!) & 0xffff;
  }
  return { a, b };
}

/** A 64-bit non-cryptographic checksum of a block, as two 32-bit words (FNV-1a and a murmur mix). */
function strongOf(bytes: Uint8Array, start: number, len: number): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ len;
  for (let i = 0; i < len; i++) {
    const x = bytes[start + i]!;
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 ^ x, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return [h1 >>> 0, h2 >>> 0];
}

export function signature(base: Uint8Array, blockSize = DELTA_BLOCK): ChunkSignature {
  const count = Math.floor(base.length / blockSize); // a short last block is never matched
  const weak = new Uint32Array(count);
  const strong = new Uint32Array(count * 2);
  for (let k = 0; k < count; k++) {
    const { a, b } = weakOf(base, k * blockSize, blockSize);
    weak[k] = ((b << 16) | a) >>> 0;
    const [s1, s2] = strongOf(base, k * blockSize, blockSize);
    strong[2 * k] = s1;
    strong[2 * k + 1] = s2;
  }
  return { blockSize, baseSize: base.length, weak, strong };
}

export function encodeSignature(sig: ChunkSignature): Uint8Array {
  const out = new Uint8Array(16 + sig.weak.length * 12);
  const v = new DataView(out.buffer);
  v.setUint32(0, SIG_MAGIC, true);
  v.setUint32(4, sig.blockSize, true);
  v.setUint32(8, sig.baseSize, true);
  v.setUint32(12, sig.weak.length, true);
  for (let k = 0; k < sig.weak.length; k++) {
    v.setUint32(16 + k * 12, sig.weak[k]!, true);
    v.setUint32(20 + k * 12, sig.strong[2 * k]!, true);
    v.setUint32(24 + k * 12, sig.strong[2 * k + 1]!, true);
  }
  return out;
}

export function decodeSignature(bytes: Uint8Array): ChunkSignature {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16 || v.getUint32(0, true) !== SIG_MAGIC)
    throw new InvalidDeltaError("not a chunk signature");
  const blockSize = v.getUint32(4, true);
  const baseSize = v.getUint32(8, true);
  const count = v.getUint32(12, true);
  if (blockSize < 16 || bytes.length !== 16 + count * 12 || count * blockSize > baseSize) {
    throw new InvalidDeltaError("malformed chunk signature");
  }
  const weak = new Uint32Array(count);
  const strong = new Uint32Array(count * 2);
  for (let k = 0; k < count; k++) {
    weak[k] = v.getUint32(16 + k * 12, true);
    strong[2 * k] = v.getUint32(20 + k * 12, true);
    strong[2 * k + 1] = v.getUint32(24 + k * 12, true);
  }
  return { blockSize, baseSize, weak, strong };
}

/** Builds the delta turning the signature's base into `next`. */
export function computeDelta(sig: ChunkSignature, next: Uint8Array): Uint8Array {
  const n = sig.blockSize;
  const byWeak = new Map<number, number[]>();
  sig.weak.forEach((w, k) => {
    const list = byWeak.get(w);
    if (list) list.push(k);
    else byWeak.set(w, [k]);
  });
  const ops: ({ copy: [number, number] } | { add: [number, number] })[] = [];
  const addLiteral = (from: number, to: number) => {
    if (to <= from) return;
    const last = ops.at(-1);
    if (last && "add" in last && last.add[1] === from) last.add[1] = to;
    else ops.push({ add: [from, to] });
  };
  const addCopy = (offset: number, length: number) => {
    const last = ops.at(-1);
    if (last && "copy" in last && last.copy[0] + last.copy[1] === offset) last.copy[1] += length;
    else ops.push({ copy: [offset, length] });
  };
  let literalStart = 0;
  let i = 0;
  let a = 0;
  let b = 0;
  let rolling = false;
  while (i + n <= next.length) {
    if (!rolling) {
      ({ a, b } = weakOf(next, i, n));
      rolling = true;
    }
    const candidates = byWeak.get(((b << 16) | a) >>> 0);
    let matched = -1;
    if (candidates) {
      const [s1, s2] = strongOf(next, i, n);
      for (const k of candidates) {
        if (sig.strong[2 * k] === s1 && sig.strong[2 * k + 1] === s2) {
          matched = k;
          break;
        }
      }
    }
    if (matched >= 0) {
      addLiteral(literalStart, i);
      addCopy(matched * n, n);
      i += n;
      literalStart = i;
      rolling = false;
      continue;
    }
    // Roll the window one byte forward.
    const out = next[i]!;
    if (i + n < next.length) {
      const incoming = next[i + n]!;
      a = (a - out + incoming) & 0xffff;
      b = (b - n * out + a) & 0xffff;
    } else {
      rolling = false;
    }
    i++;
  }
  addLiteral(literalStart, next.length);

  let size = 8;
  for (const op of ops) size += "copy" in op ? 9 : 5 + (op.add[1] - op.add[0]);
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, DELTA_MAGIC, true);
  v.setUint32(4, next.length, true);
  let p = 8;
  for (const op of ops) {
    if ("copy" in op) {
      bytes[p] = OP_COPY;
      v.setUint32(p + 1, op.copy[0], true);
      v.setUint32(p + 5, op.copy[1], true);
      p += 9;
    } else {
      const len = op.add[1] - op.add[0];
      bytes[p] = OP_ADD;
      v.setUint32(p + 1, len, true);
      bytes.set(next.subarray(op.add[0], op.add[1]), p + 5);
      p += 5 + len;
    }
  }
  return bytes;
}

/** Rebuilds a chunk from its base and a delta; throws InvalidDeltaError on anything malformed. */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array {
  const v = new DataView(delta.buffer, delta.byteOffset, delta.byteLength);
  if (delta.length < 8 || v.getUint32(0, true) !== DELTA_MAGIC)
    throw new InvalidDeltaError("not a chunk delta");
  const size = v.getUint32(4, true);
  if (size > MAX_DELTA_OUTPUT) throw new InvalidDeltaError("a delta may rebuild at most 4 MiB");
  const out = new Uint8Array(size);
  let o = 0;
  let p = 8;
  while (p < delta.length) {
    const op = delta[p];
    if (op === OP_COPY && p + 9 <= delta.length) {
      const offset = v.getUint32(p + 1, true);
      const length = v.getUint32(p + 5, true);
      if (offset + length > base.length || o + length > size)
        throw new InvalidDeltaError("COPY out of range");
      out.set(base.subarray(offset, offset + length), o);
      o += length;
      p += 9;
    } else if (op === OP_ADD && p + 5 <= delta.length) {
      const length = v.getUint32(p + 1, true);
      if (p + 5 + length > delta.length || o + length > size) throw new InvalidDeltaError("ADD out of range");
      out.set(delta.subarray(p + 5, p + 5 + length), o);
      o += length;
      p += 5 + length;
    } else {
      throw new InvalidDeltaError("unknown or truncated delta op");
    }
  }
  if (o !== size) throw new InvalidDeltaError("the delta does not fill its declared size");
  return out;
}
