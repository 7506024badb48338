/** Range checks for `BlobStore.get`, shared by the adapters. */
import type { ByteRange } from "./blob-store";

/** Throws RangeError unless `range` is integers with 0 ≤ start ≤ end (the size is checked later). */
export function checkRangeShape(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range [${start}, ${end}): need integers with 0 ≤ start ≤ end`);
  }
}

/** Throws RangeError when `range` reaches past a blob of `size` bytes. */
export function checkRangeWithin(range: ByteRange, size: number, hash: string): void {
  if (range.end > size) {
    throw new RangeError(
      `byte range [${range.start}, ${range.end}) is outside blob ${hash} of ${size} bytes`,
    );
  }
}

/** An iterable that yields nothing: what an empty range reads. */
export async function* nothing(): AsyncGenerator<Uint8Array, void, undefined> {}
