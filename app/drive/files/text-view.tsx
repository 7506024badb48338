"use client";

import { linesOf } from "./load-text";

/** Text or code with line numbers, in a monospace font; long lines scroll sideways. */
export function TextView({ text, label }: { text: string; label: string }) {
  const lines = linesOf(text);
  const width = String(lines.length).length;
  return (
    <section
      className="code-view"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so keyboard users must be able to reach it
      tabIndex={0}
    >
      <pre className="code" style={{ ["--gutter" as string]: `${width + 1}ch` }}>
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
          <span key={i} className="code-line">
            <span className="code-num" aria-hidden="true">
              {i + 1}
            </span>
            <span className="code-text">{line || "\u200b"}</span>
            {"\n"}
          </span>
        ))}
      </pre>
    </section>
  );
}
