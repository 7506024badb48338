import { describe, expect, test } from "vitest";
import { InvalidNameError, nameKey, nextFreeName, validateName, withSuffix } from "./names";

describe("names", () => {
  test("names compare after NFC and full case folding, like the server", () => {
    expect(nameKey("Report.TXT")).toBe(nameKey("report.txt"));
    expect(nameKey("Straße")).toBe(nameKey("STRASSE"));
    expect(nameKey("e\u0301")).toBe(nameKey("\u00e9"));
  });

  test.each([
    ["", "empty"],
    ["a/b", "slash"],
    ["a\u0007", "control"],
    ["..", "dots"],
    ["   ", "blank"],
    ["x".repeat(256), "length"],
  ])("%j is refused (%s)", (name, rule) => {
    expect(() => validateName(name)).toThrow(InvalidNameError);
    try {
      validateName(name);
    } catch (e) {
      expect((e as InvalidNameError).rule).toBe(rule);
    }
  });

  test("a suffix goes before a file's extension, and after a folder's whole name", () => {
    expect(withSuffix("notes.txt", "1")).toBe("notes (1).txt");
    expect(withSuffix("v1.2", "1", true)).toBe("v1.2 (1)");
    expect(withSuffix(".env", "1")).toBe(".env (1)");
  });

  test("nextFreeName moves past the name that just failed, even when the index does not know it", () => {
    const none = () => false;
    expect(nextFreeName("Photos", "Photos", none, true)).toBe("Photos (1)");
    expect(nextFreeName("Photos", "Photos (1)", none, true)).toBe("Photos (2)");
    expect(nextFreeName("a.txt", "a (3).txt", none)).toBe("a (4).txt");
  });

  test("nextFreeName skips suffixes the index knows are taken", () => {
    const taken = new Set(["photos (1)", "photos (2)"]);
    expect(nextFreeName("Photos", "Photos", (k) => taken.has(k), true)).toBe("Photos (3)");
  });
});
