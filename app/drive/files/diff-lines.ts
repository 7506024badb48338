/**
 * A unified line diff (jsdiff's diffLines) as rows to render: each line with its old and new
 * line numbers, and long runs of unchanged lines folded to a few lines of context.
 */
import { diffLines } from "diff";
import { linesOf } from "./load-text";

export type DiffRow =
  | { kind: "same" | "added" | "removed"; oldNo: number | null; newNo: number | null; text: string }
  | { kind: "fold"; id: number; count: number; rows: DiffRow[] };

export interface DiffResult {
  rows: DiffRow[];
  added: number;
  removed: number;
}

/** Unchanged lines kept on each side of a change. */
const CONTEXT = 3;

export function lineDiff(before: string, after: string): DiffResult {
  const parts = diffLines(before, after);
  const flat: Exclude<DiffRow, { kind: "fold" }>[] = [];
  let oldNo = 1;
  let newNo = 1;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    for (const text of linesOf(part.value)) {
      if (part.added) {
        flat.push({ kind: "added", oldNo: null, newNo: newNo++, text });
        added++;
      } else if (part.removed) {
        flat.push({ kind: "removed", oldNo: oldNo++, newNo: null, text });
        removed++;
      } else {
        flat.push({ kind: "same", oldNo: oldNo++, newNo: newNo++, text });
      }
    }
  }
  // Fold runs of unchanged lines that are longer than the context around them needs.
  const rows: DiffRow[] = [];
  let i = 0;
  let folds = 0;
  while (i < flat.length) {
    if (flat[i]?.kind !== "same") {
      rows.push(flat[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < flat.length && flat[j]?.kind === "same") j++;
    const run = flat.slice(i, j);
    const keepBefore = i === 0 ? 0 : CONTEXT;
    const keepAfter = j === flat.length ? 0 : CONTEXT;
    if (run.length > keepBefore + keepAfter + 2) {
      rows.push(...run.slice(0, keepBefore));
      const hidden = run.slice(keepBefore, run.length - keepAfter);
      rows.push({ kind: "fold", id: folds++, count: hidden.length, rows: hidden });
      rows.push(...run.slice(run.length - keepAfter));
    } else {
      rows.push(...run);
    }
    i = j;
  }
  return { rows, added, removed };
}
