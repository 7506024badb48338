import { describe, expect, test } from "vitest";
import type { DriveEntry } from "../drive/data/entries";
import { refusal } from "./filters";
import type { ChooseOptions } from "./partner";

const base: ChooseOptions = {
  multiselect: false,
  folderselect: false,
  linkType: "preview",
  extensions: [],
  sizeLimit: null,
};
const file = (name: string, mimeType: string, size = 10): DriveEntry => ({
  __typename: "File",
  id: name,
  name,
  modifiedAt: "2026-01-01T00:00:00Z",
  size,
  mimeType,
});
const folder: DriveEntry = {
  __typename: "Folder",
  id: "f",
  name: "Pics",
  modifiedAt: "2026-01-01T00:00:00Z",
};

describe("Chooser filters", () => {
  test("folders only with folderselect", () => {
    expect(refusal(folder, base)).toBe("folders can't be chosen");
    expect(refusal(folder, { ...base, folderselect: true })).toBeNull();
  });

  test("extensions: exact .ext (any case) and categories", () => {
    const opts = { ...base, extensions: [".PDF", "images"] };
    expect(refusal(file("a.pdf", "application/pdf"), opts)).toBeNull();
    expect(refusal(file("b.Pdf", "application/pdf"), opts)).toBeNull();
    expect(refusal(file("c.png", "image/png"), opts)).toBeNull();
    expect(refusal(file("d.txt", "text/plain"), opts)).toBe("not a type this app accepts");
    expect(
      refusal(file("e.docx", "application/octet-stream"), { ...base, extensions: ["documents"] }),
    ).toBeNull();
    expect(refusal(file("f.mp3", "audio/mpeg"), { ...base, extensions: ["video"] })).not.toBeNull();
    expect(refusal(file("g.bin", "application/octet-stream"), base)).toBeNull();
  });

  test("sizeLimit in bytes", () => {
    const opts = { ...base, sizeLimit: 1024 };
    expect(refusal(file("small.txt", "text/plain", 1024), opts)).toBeNull();
    expect(refusal(file("big.txt", "text/plain", 1025), opts)).toBe("larger than 1 KB");
  });
});
