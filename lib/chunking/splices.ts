/**
 * Chunk-list splices: how a new version's chunk list differs from its base version's, so a
 * commit costs bytes in proportion to the edit, not to the file (a 1 GiB file has ~1,000 chunk
 * hashes: ~70 KB of JSON to repeat on every commit otherwise).
 *
 * A splice `{at, remove, insert}` replaces `remove` entries of the base list starting at index
 * `at` with `insert`. Splices are in ascending `at` order, do not overlap, and all indices refer
 * to the *base* list. `applySplices(base, diffChunkLists(base, next))` equals `next`.
 */
export interface ChunkSplice<H extends string = string> {
  at: number;
  remove: number;
  insert: H[];
}

export class InvalidSpliceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidSpliceError";
  }
}

/** Applies splices to a base list; throws InvalidSpliceError for out-of-order or out-of-range splices. */
export function applySplices<H extends string>(base: readonly H[], splices: readonly ChunkSplice<H>[]): H[] {
  const out: H[] = [];
  let cursor = 0;
  for (const s of splices) {
    if (!Number.isInteger(s.at) || !Number.isInteger(s.remove) || s.at < cursor || s.remove < 0) {
      throw new InvalidSpliceError("splices must be in ascending order and must not overlap");
    }
    if (s.at + s.remove > base.length)
      throw new InvalidSpliceError("a splice reaches past the end of the base list");
    for (let i = cursor; i < s.at; i++) out.push(base[i]!);
    for (const h of s.insert) out.push(h);
    cursor = s.at + s.remove;
  }
  for (let i = cursor; i < base.length; i++) out.push(base[i]!);
  return out;
}

/**
 * Splices turning `base` into `next`: a greedy walk that re-synchronises on the next hash of
 * `next` found ahead in `base` (content-defined chunking makes edits local, so runs of equal
 * hashes are long). Always correct; minimal for the usual case of a few local edits.
 */
export function diffChunkLists<H extends string>(base: readonly H[], next: readonly H[]): ChunkSplice<H>[] {
  const positions = new Map<H, number[]>();
  base.forEach((h, i) => {
    const list = positions.get(h);
    if (list) list.push(i);
    else positions.set(h, [i]);
  });
  const nextIndexIn = (h: H, from: number): number => {
    const list = positions.get(h);
    if (!list) return -1;
    for (const i of list) if (i >= from) return i;
    return -1;
  };
  const splices: ChunkSplice<H>[] = [];
  let i = 0;
  let j = 0;
  while (j < next.length) {
    if (i < base.length && base[i] === next[j]) {
      i++;
      j++;
      continue;
    }
    // Find where `next` meets `base` again.
    let j2 = j;
    let k = -1;
    for (; j2 < next.length; j2++) {
      k = nextIndexIn(next[j2]!, i);
      if (k >= 0) break;
    }
    if (k < 0) {
      splices.push({ at: i, remove: base.length - i, insert: next.slice(j) as H[] });
      return splices;
    }
    splices.push({ at: i, remove: k - i, insert: next.slice(j, j2) as H[] });
    i = k;
    j = j2;
  }
  if (i < base.length) splices.push({ at: i, remove: base.length - i, insert: [] });
  return splices;
}
