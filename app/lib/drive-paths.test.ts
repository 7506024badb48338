import { expect, test } from "vitest";
import { fileIdFromPathname } from "./drive-paths";

test("a file page's id is read from its pathname, views and encoding aside", () => {
  expect(fileIdFromPathname("/file/0b6f4a4e-3c9b-4d0e-9a51-1f6f0e2b7c11")).toBe(
    "0b6f4a4e-3c9b-4d0e-9a51-1f6f0e2b7c11",
  );
  expect(fileIdFromPathname("/file/a%20b")).toBe("a b");
  expect(fileIdFromPathname("/file/abc/extra")).toBe("abc");
  expect(fileIdFromPathname("/file/%E0%A4%A")).toBe("%E0%A4%A");
});
