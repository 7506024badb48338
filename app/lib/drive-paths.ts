/**
 * Folder paths in the drive's URLs: /drive/Photos/2026 shows the folder at path /Photos/2026.
 * Each name is one URL segment, percent-encoded, so names with "#", "?", "%" or spaces survive.
 */

/** The API path of a folder from its name segments: [] → "/", ["a", "b"] → "/a/b". */
export function apiPath(segments: readonly string[]): string {
  return `/${segments.join("/")}`;
}

/** The page URL that shows a folder. */
export function driveHref(segments: readonly string[]): string {
  return segments.length === 0 ? "/drive" : `/drive/${segments.map(encodeURIComponent).join("/")}`;
}

/**
 * A folder's names from the page's pathname (as `usePathname()` gives it: percent-encoded, like
 * URL.pathname): "/drive/Q3%2050%25" → ["Q3 50%"]. Route params are not used for this: Next
 * hands them over decoded on a full page load but still encoded after a client navigation.
 */
export function segmentsFromPathname(pathname: string): string[] {
  return pathname
    .replace(/^\/drive(?=\/|$)/, "")
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment; // a malformed escape: keep it as written (the folder will not be found)
      }
    });
}

/** The file id of a file page's pathname: "/file/abc" → "abc" (views are in the query string). */
export function fileIdFromPathname(pathname: string): string {
  const segment = pathname.replace(/^\/file\//, "").split("/")[0] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
