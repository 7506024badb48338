/**
 * File and folder names. A name is stored in NFC; two names clash when their keys are equal, the
 * key being NFC with full case folding, so "Report.txt" and "report.TXT" cannot be siblings.
 */
import { DriveError } from "./errors";

export const MAX_NAME_BYTES = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const FORBIDDEN_CHARS = /[/\u0000-\u001f\u007f]/;

/** Returns the name in NFC, or throws NAME_INVALID saying which rule it breaks. */
export function validateName(input: unknown): string {
  if (typeof input !== "string") throw new DriveError("NAME_INVALID", "a name must be a string");
  const name = input.normalize("NFC");
  const fail = (rule: string, message: string) => {
    throw new DriveError("NAME_INVALID", message, { rule });
  };
  if (name.length === 0) fail("empty", "a name cannot be empty");
  if (name.includes("\u0000")) fail("nul", "a name cannot contain the NUL character");
  if (name.includes("/")) fail("slash", "a name cannot contain '/'");
  if (FORBIDDEN_CHARS.test(name)) fail("control", "a name cannot contain control characters");
  if (name === "." || name === "..") fail("dots", "a name cannot be '.' or '..'");
  if (name.trim().length === 0) fail("blank", "a name cannot be only spaces");
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) {
    fail("length", `a name can be at most ${MAX_NAME_BYTES} bytes in UTF-8`);
  }
  return name;
}

/** The key names are compared on: NFC, then full case folding (so "ß" matches "SS"). */
export function nameKey(name: string): string {
  return name.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");
}

/** Splits "report.final.pdf" into ["report.final", ".pdf"]; dotfiles and folders keep no ext. */
export function splitExtension(name: string, isFolder = false): [string, string] {
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

/** The first of `name`, `name (1)`, `name (2)`, ... whose key is not taken. */
export function firstFreeName(name: string, taken: (key: string) => boolean, isFolder = false): string {
  if (!taken(nameKey(name))) return name;
  for (let i = 1; ; i++) {
    const candidate = withSuffix(name, String(i), isFolder);
    if (!taken(nameKey(candidate))) return candidate;
  }
}
