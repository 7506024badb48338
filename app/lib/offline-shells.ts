/**
 * The app's page shells: the HTML the service worker precaches (app/sw.ts) and serves for a page
 * it has never cached when there is no network. Every page renders its data in the browser from
 * the local index, and the pages below read their subject (folder path, file id) from the URL
 * after hydration, so one shell fits every URL of its kind.
 */

/** A file page for no file in particular: the file view reads the id from the URL. */
export const FILE_SHELL = "/file/shell";

/** Precached with each build. */
export const SHELLS: readonly string[] = [
  "/",
  "/drive",
  FILE_SHELL,
  "/trash",
  "/storage",
  "/signin",
  "/signup",
];

/** The shell that stands in for `pathname` (`/drive/a/b` → `/drive`), or undefined (not a page of ours). */
export function shellFor(pathname: string): string | undefined {
  if (pathname === "/drive" || pathname.startsWith("/drive/")) return "/drive";
  if (pathname.startsWith("/file/") && pathname.length > "/file/".length) return FILE_SHELL;
  return SHELLS.includes(pathname) ? pathname : undefined;
}
