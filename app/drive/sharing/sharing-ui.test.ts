import { describe, expect, test } from "vitest";
import { GraphQLRequestError } from "../../lib/gql";
import { endOfDay, localDate } from "./link-dates";
import { describeShareError, retryAfterText } from "./share-errors";

describe("link expiry dates", () => {
  test("a date input's day ends at its last local millisecond", () => {
    const end = endOfDay("2026-11-24");
    expect([end.getFullYear(), end.getMonth(), end.getDate()]).toEqual([2026, 10, 24]);
    expect([end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()]).toEqual([
      23, 59, 59, 999,
    ]);
  });

  test("localDate and endOfDay round-trip, zero-padded", () => {
    expect(localDate(new Date(2027, 0, 5, 13, 0))).toBe("2027-01-05");
    expect(localDate(endOfDay("2027-01-05"))).toBe("2027-01-05");
  });
});

describe("sharing error sentences", () => {
  const error = (code: string, extensions: Record<string, unknown> = {}) =>
    new GraphQLRequestError(code, "developer message", extensions);

  test("RATE_LIMITED says how long to wait, rounded up to whole seconds", () => {
    expect(retryAfterText(error("RATE_LIMITED", { retryAfterSeconds: 29.2 }))).toBe(
      "Too many attempts, try again in 30 s",
    );
    expect(retryAfterText(error("RATE_LIMITED"))).toBe("Too many attempts, try again later");
  });

  test.each([
    [
      error("BAD_INPUT", { reason: "unknown-user", field: "email" }),
      "share",
      "No one with that email has a Cairn account.",
    ],
    [error("BAD_INPUT", { reason: "nested-share" }), "share", /contains a shared folder or is inside one/],
    [error("BAD_INPUT", { field: "password" }), "link", "A password needs 8 to 256 characters."],
    [error("BAD_INPUT", { field: "expiresAt" }), "link", "The expiry date must be in the future."],
    [error("FORBIDDEN"), "role", "Only the folder's owner can change who it is shared with."],
    [error("FORBIDDEN"), "link", "Only the owner and editors can manage links to this item."],
    [error("NOT_FOUND"), "revoke", "That link no longer exists."],
  ] as const)("%s while doing %s reads as a sentence for people", (e, action, expected) => {
    const text = describeShareError(e, action);
    if (typeof expected === "string") expect(text).toBe(expected);
    else expect(text).toMatch(expected);
    expect(text).not.toContain("developer message");
  });
});
