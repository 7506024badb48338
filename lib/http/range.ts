/**
 * One `Range: bytes=...` header against a representation of `size` bytes (RFC 9110 §14).
 * Returns the half-open span to send, "unsatisfiable" (→ 416), or undefined to send everything
 * (no header, another unit, a malformed value, or several ranges — which a server may ignore).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === "" && b === "") return undefined;
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(a);
  if (start >= size) return "unsatisfiable";
  const last = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (last < start) return undefined;
  return { start, end: last + 1 };
}
