import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { applySplices, diffChunkLists, InvalidSpliceError } from "./splices";

describe("chunk-list splices", () => {
  test("applying the diff of two lists to the first gives the second, for any lists", () => {
    const list = fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), { maxLength: 40 });
    fc.assert(
      fc.property(list, list, (base, next) => {
        expect(applySplices(base, diffChunkLists(base, next))).toEqual(next);
      }),
      { numRuns: 2000 },
    );
  });

  test("a local edit of a long list of unique hashes is one small splice", () => {
    const base = Array.from({ length: 1000 }, (_, i) => `h${i}`);
    const next = [...base.slice(0, 100), "x1", "x2", ...base.slice(102)];
    expect(diffChunkLists(base, next)).toEqual([{ at: 100, remove: 2, insert: ["x1", "x2"] }]);
    const prepended = ["p", ...base.slice(1)];
    expect(diffChunkLists(base, prepended)).toEqual([{ at: 0, remove: 1, insert: ["p"] }]);
    const appended = [...base.slice(0, 999), "y", "z"];
    expect(diffChunkLists(base, appended)).toEqual([{ at: 999, remove: 1, insert: ["y", "z"] }]);
    expect(diffChunkLists(base, base)).toEqual([]);
  });

  test("splices out of order, overlapping or past the end are refused", () => {
    const base = ["a", "b", "c"];
    expect(() =>
      applySplices(base, [
        { at: 2, remove: 0, insert: [] },
        { at: 1, remove: 0, insert: [] },
      ]),
    ).toThrow(InvalidSpliceError);
    expect(() =>
      applySplices(base, [
        { at: 0, remove: 2, insert: [] },
        { at: 1, remove: 0, insert: [] },
      ]),
    ).toThrow(InvalidSpliceError);
    expect(() => applySplices(base, [{ at: 2, remove: 5, insert: [] }])).toThrow(InvalidSpliceError);
    expect(() => applySplices(base, [{ at: -1, remove: 0, insert: [] }])).toThrow(InvalidSpliceError);
  });
});
