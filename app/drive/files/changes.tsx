"use client";

import { useEffect, useState } from "react";
import { describeError } from "../../lib/errors";
import { DiffView } from "./diff-view";
import { loadText } from "./load-text";
import type { VersionRow } from "./versions";

/** "View changes": pick two versions of a text file and see a unified diff between them. */
export function Changes({
  fileId,
  versions,
  from,
  to,
  onPick,
}: {
  fileId: string;
  versions: readonly VersionRow[];
  from: number;
  to: number;
  onPick: (from: number, to: number) => void;
}) {
  const [state, setState] = useState<{ key: string; before?: string; after?: string; error?: string } | null>(
    null,
  );
  const key = `${fileId}:${from}:${to}`;
  const sizeOf = (n: number) => versions.find((v) => v.number === n)?.size;
  const idOf = (n: number) => versions.find((v) => v.number === n)?.id;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` covers fileId, from and to; sizes only cap the read, ids only pick the path
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    Promise.all([
      loadText(fileId, { version: from, versionId: idOf(from), size: sizeOf(from), signal }),
      loadText(fileId, { version: to, versionId: idOf(to), size: sizeOf(to), signal }),
    ]).then(
      ([before, after]) => setState({ key, before: before.text, after: after.text }),
      (error) => {
        if (!signal.aborted) setState({ key, error: describeError(error, "version") });
      },
    );
    return () => controller.abort();
  }, [key]);

  const current = state?.key === key ? state : null;
  return (
    <section className="changes" aria-labelledby="changes-title">
      <h2 id="changes-title" className="section-title">
        Changes
      </h2>
      <div className="compare-pickers">
        <label>
          From
          <select value={from} onChange={(e) => onPick(Number(e.target.value), to)}>
            {versions.map((v) => (
              <option key={v.id} value={v.number}>
                Version {v.number}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <select value={to} onChange={(e) => onPick(from, Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.id} value={v.number}>
                Version {v.number}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!current && <p className="muted listing-placeholder">Loading…</p>}
      {current?.error && (
        <div className="notice" role="alert">
          <p>{current.error}</p>
        </div>
      )}
      {current?.before !== undefined && current.after !== undefined && (
        <DiffView
          before={current.before}
          after={current.after}
          beforeLabel={`Version ${from}`}
          afterLabel={`Version ${to}`}
        />
      )}
    </section>
  );
}
