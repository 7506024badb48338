"use client";

import { useMemo, useState } from "react";
import { type DiffRow, lineDiff } from "./diff-lines";

const SIGN = { added: "+", removed: "−", same: " " } as const;
const SAY = { added: "Added", removed: "Removed", same: "" } as const;

/** A unified diff: removed lines in red with "−", added in green with "+", old and new line numbers. */
export function DiffView({
  before,
  after,
  beforeLabel,
  afterLabel,
}: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}) {
  const diff = useMemo(() => lineDiff(before, after), [before, after]);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());

  if (diff.added === 0 && diff.removed === 0) {
    return (
      <p className="diff-identical" role="status">
        {beforeLabel} and {afterLabel} have the same text.
      </p>
    );
  }

  const line = (row: Exclude<DiffRow, { kind: "fold" }>, key: string) => (
    <tr key={key} className={`diff-${row.kind}`}>
      <td className="diff-num" aria-hidden="true">
        {row.oldNo ?? ""}
      </td>
      <td className="diff-num" aria-hidden="true">
        {row.newNo ?? ""}
      </td>
      <td className="diff-sign" aria-hidden="true">
        {SIGN[row.kind]}
      </td>
      <td className="diff-text">
        {SAY[row.kind] && <span className="sr-only">{SAY[row.kind]}: </span>}
        {row.text || "\u200b"}
      </td>
    </tr>
  );

  return (
    <div className="diff">
      <p className="diff-summary">
        <span className="diff-stat-added">
          +{diff.added} {diff.added === 1 ? "line" : "lines"}
        </span>
        <span className="diff-stat-removed">
          −{diff.removed} {diff.removed === 1 ? "line" : "lines"}
        </span>
        <span className="muted">
          {beforeLabel} → {afterLabel}
        </span>
      </p>
      <section
        className="diff-scroll"
        aria-label={`Changes from ${beforeLabel} to ${afterLabel}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways for long lines: keyboard users must reach it
        tabIndex={0}
      >
        <table className="diff-table">
          <thead className="sr-only">
            <tr>
              <th scope="col">{beforeLabel} line</th>
              <th scope="col">{afterLabel} line</th>
              <th scope="col">Change</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((row, i) => {
              if (row.kind !== "fold") return line(row, String(i));
              if (open.has(row.id))
                return row.rows.map((r, j) => line(r as Exclude<DiffRow, { kind: "fold" }>, `${i}.${j}`));
              return (
                <tr key={`fold-${row.id}`} className="diff-fold">
                  <td colSpan={4}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setOpen(new Set([...open, row.id]))}
                    >
                      Show {row.count} unchanged {row.count === 1 ? "line" : "lines"}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
