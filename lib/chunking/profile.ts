/**
 * Chunking profiles. A profile fixes every parameter that decides where chunks are cut; two
 * implementations given the same profile and the same bytes cut at the same places. Every stored
 * version records the `id` of the profile that chunked it, so a later profile (say "fastcdc-v2")
 * can be added beside v1 without rechunking old versions. Never change a published profile.
 */
import { GEAR_V1_VALUES } from "./gear";

export interface ChunkingProfile {
  /** Recorded with every version the server stores, e.g. "fastcdc-v1". */
  readonly id: string;
  /** No chunk but the last is this short or shorter: the cut-point search skips this many bytes. */
  readonly minSize: number;
  /** The "normal size" of FastCDC: a power of two; the harder mask applies before it. */
  readonly avgSize: number;
  /** A chunk never exceeds this; a chunk that reaches it is cut there. */
  readonly maxSize: number;
  /** FastCDC normalization level: maskS has log2(avgSize) + level bits, maskL has log2(avgSize) - level. */
  readonly normalizationLevel: number;
  /** Harder mask, tested at chunk offsets below avgSize. Unsigned 32-bit. */
  readonly maskS: number;
  /** Easier mask, tested at chunk offsets from avgSize on. Unsigned 32-bit. */
  readonly maskL: number;
  /** 256 gear values as signed 32-bit integers (the hot loop works in int32). */
  readonly gear: Int32Array;
}

/**
 * The mask with `bits` one-bits placed directly below bit 31: bits 30 down to 31 - bits.
 *
 * With `h = (h << 1) + GEAR[byte]`, bit k of h depends only on the last k + 1 bytes, so the mask
 * sits at the top to make each cut decision depend on the last 31 bytes. Bit 31 is left out so that
 * FastCDC 2020's "rolling two bytes" form (table and mask shifted left by one) makes exactly the same
 * decisions as the byte-at-a-time form.
 */
export function topMask(bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 31)
    throw new RangeError(`mask bits out of range: ${bits}`);
  return ((2 ** bits - 1) * 2 ** (31 - bits)) >>> 0;
}

/** maskS and maskL for a power-of-two average size and a normalization level (FastCDC 2016, §3.3). */
export function deriveMasks(avgSize: number, normalizationLevel: number): { maskS: number; maskL: number } {
  const bits = Math.log2(avgSize);
  if (!Number.isInteger(bits)) throw new RangeError(`avgSize must be a power of two: ${avgSize}`);
  return { maskS: topMask(bits + normalizationLevel), maskL: topMask(bits - normalizationLevel) };
}

export interface ProfileParameters {
  id: string;
  minSize: number;
  avgSize: number;
  maxSize: number;
  normalizationLevel: number;
  /** 256 values, unsigned or signed 32-bit. */
  gear: ArrayLike<number>;
}

/** Builds and validates a profile, deriving its masks. Tests use it for small, fast profiles. */
export function defineProfile(p: ProfileParameters): ChunkingProfile {
  const { id, minSize, avgSize, maxSize, normalizationLevel } = p;
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) throw new RangeError(`bad profile id: ${JSON.stringify(id)}`);
  for (const [name, value] of Object.entries({ minSize, avgSize, maxSize, normalizationLevel })) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number: ${value}`);
  }
  if (!(minSize >= 1 && minSize < avgSize && avgSize < maxSize)) {
    throw new RangeError(`need 1 <= minSize < avgSize < maxSize, got ${minSize}, ${avgSize}, ${maxSize}`);
  }
  if (maxSize > 2 ** 30) throw new RangeError(`maxSize above 1 GiB: ${maxSize}`);
  if (p.gear.length !== 256) throw new RangeError(`gear table needs 256 entries, got ${p.gear.length}`);
  const gear = Int32Array.from(p.gear, (v) => v | 0);
  return Object.freeze({
    id,
    minSize,
    avgSize,
    maxSize,
    normalizationLevel,
    ...deriveMasks(avgSize, normalizationLevel),
    gear,
  });
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * fastcdc-v1: FastCDC with normalized chunking (level 2), min 256 KiB, average 1 MiB, max 4 MiB,
 * the gear table `GEAR_V1_VALUES`. The masks are literals (checked against `deriveMasks` in tests):
 * maskS = 22 one-bits (bits 30..9), maskL = 18 one-bits (bits 30..13). See docs/chunking.md.
 */
export const FASTCDC_V1: ChunkingProfile = Object.freeze({
  id: "fastcdc-v1",
  minSize: 256 * KiB,
  avgSize: 1 * MiB,
  maxSize: 4 * MiB,
  normalizationLevel: 2,
  maskS: 0x7ffffe00,
  maskL: 0x7fffe000,
  gear: Int32Array.from(GEAR_V1_VALUES, (v) => v | 0),
});

const PROFILES: ReadonlyMap<string, ChunkingProfile> = new Map([[FASTCDC_V1.id, FASTCDC_V1]]);

/** The published profile with this id, or undefined. */
export function getProfile(id: string): ChunkingProfile | undefined {
  return PROFILES.get(id);
}

export class UnknownChunkingProfileError extends Error {
  constructor(readonly id: string) {
    super(`unknown chunking profile: ${JSON.stringify(id)}`);
    this.name = "UnknownChunkingProfileError";
  }
}

/** The published profile with this id, or throws UnknownChunkingProfileError. */
export function mustGetProfile(id: string): ChunkingProfile {
  const profile = PROFILES.get(id);
  if (!profile) throw new UnknownChunkingProfileError(id);
  return profile;
}
