/**
 * Name rules, the same as the server's (lib/drive/names.ts, which is server-only): validation
 * before an op enters the outbox, the comparison key, and ` (1)` suffixes for replays.
 */

export const MAX_NAME_BYTES = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const FORBIDDEN_CHARS = /[/\u0000-\u001f\u007f]/;

export class InvalidNameError extends Error {
  constructor(
    readonly rule: "empty" | "slash" | "control" | "dots" | "blank" | "length",
    message: string,
  ) {
    super(message);
    this.name = "InvalidNameError";
  }
}

/** Returns the name in NFC, or throws InvalidNameError (the server would say NAME_INVALID). */
export function validateName(input: string): string {
  const name = input.normalize("NFC");
  if (name.length === 0) throw new InvalidNameError("empty", "a name cannot be empty");
  if (name.includes("/")) throw new InvalidNameError("slash", "a name cannot contain '/'");
  if (FORBIDDEN_CHARS.test(name))
    throw new InvalidNameError("control", "a name cannot contain control characters");
  if (name === "." || name === "..") throw new InvalidNameError("dots", "a name cannot be '.' or '..'");
  if (name.trim().length === 0) throw new InvalidNameError("blank", "a name cannot be only spaces");
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) {
    throw new InvalidNameError("length", `a name can be at most ${MAX_NAME_BYTES} bytes in UTF-8`);
  }
  return name;
}

/** The key names are compared and sorted on: NFC, then full case folding ("ß" matches "SS"). */
export function nameKey(name: string): string {
  return name.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");
}

function splitExtension(name: string, isFolder: boolean): [string, string] {
  const dot = name.lastIndexOf(".");
  if (isFolder || dot <= 0 || dot === name.length - 1) return [name, ""];
  return [name.slice(0, dot), name.slice(dot)];
}

/** `name (suffix).ext`, shortened so the result stays within MAX_NAME_BYTES. */
export function withSuffix(name: string, suffix: string, isFolder = false): string {
  const [base, ext] = splitExtension(name, isFolder);
  const tail = ` (${suffix})${ext}`;
  const budget = MAX_NAME_BYTES - new TextEncoder().encode(tail).length;
  let head = base;
  while (new TextEncoder().encode(head).length > budget) head = [...head].slice(0, -1).join("");
  return `${head}${tail}`;
}

/**
 * The first of `name (n)`, `name (n+1)`, ... after `current` whose key is not taken. `current` is
 * the name that just failed: `name` itself, or one of its suffixed forms. Always makes progress,
 * even when `taken` (the index) does not know the name that clashed.
 */
export function nextFreeName(
  name: string,
  current: string,
  taken: (key: string) => boolean,
  isFolder = false,
): string {
  let n = 1;
  const currentKey = nameKey(current);
  if (currentKey !== nameKey(name)) {
    for (let i = 1; i <= 10_000; i++) {
      if (nameKey(withSuffix(name, String(i), isFolder)) === currentKey) {
        n = i + 1;
        break;
      }
    }
  }
  for (; ; n++) {
    const candidate = withSuffix(name, String(n), isFolder);
    if (!taken(nameKey(candidate))) return candidate;
  }
}
