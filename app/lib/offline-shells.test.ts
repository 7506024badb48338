import { describe, expect, test } from "vitest";
import { FILE_SHELL, SHELLS, shellFor } from "./offline-shells";

describe("shellFor", () => {
  test.each([
    ["/drive", "/drive"],
    ["/drive/Projects", "/drive"],
    ["/drive/Projects/2026/Q3%2050%25", "/drive"],
    ["/file/0b6f4a4e-3c9b-4d0e-9a51-1f6f0e2b7c11", FILE_SHELL],
    ["/trash", "/trash"],
    ["/storage", "/storage"],
    ["/signin", "/signin"],
    ["/signup", "/signup"],
    ["/", "/"],
  ])("a page load of %s offline gets the %s shell", (pathname, shell) => {
    expect(shellFor(pathname)).toBe(shell);
  });

  test.each(["/drivex", "/file/", "/files/x", "/trash/x", "/api/graphql", "/picker", "/_next/static/x.js"])(
    "%s is not a page of ours: no shell",
    (pathname) => {
      expect(shellFor(pathname)).toBeUndefined();
    },
  );

  test("every shell is its own shell (precached pages answer for themselves)", () => {
    for (const shell of SHELLS) expect(shellFor(shell)).toBe(shell);
  });
});
