import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { rootId, uploadFile } from "./api";
import { expect, test } from "./fixtures";
import { makePng } from "./media";

/** Serious and critical axe violations on the page as it is now, summarised for the report. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`accessibility (${colorScheme})`, () => {
    test.use({ colorScheme });

    test("the sign-in page has no serious or critical violations", async ({ page, signInPage }) => {
      await signInPage.goto();
      await expect(signInPage.heading).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      // With an error message showing, too.
      await signInPage.signIn({ email: "nobody@example.test", password: "wrong-password" });
      await expect(signInPage.error).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the sign-up page has no serious or critical violations", async ({ page, signUpPage }) => {
      await signUpPage.goto();
      await expect(signUpPage.heading).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the drive page has no serious or critical violations", async ({ page, signedIn, drivePage }) => {
      await drivePage.goto();
      await expect(drivePage.userEmail).toHaveText(signedIn.email);
      await expect(drivePage.emptyState).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await drivePage.createFolder("Photos");
      await drivePage.startNewFolder("photos"); // leaves the form open with its error
      await expect(drivePage.newFolderError).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await drivePage.openFolder("Photos");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the drive with files, a selection, a toast and dialogs has no serious or critical violations", async ({
      page,
      signedIn: _,
      drivePage,
    }) => {
      const root = await rootId(page);
      await uploadFile(page, root, "notes.txt", new TextEncoder().encode("hello"));
      await uploadFile(page, root, "report.pdf", new TextEncoder().encode("%PDF-1.4 not really"));
      await uploadFile(page, root, "song.mp3", new Uint8Array(64));
      await drivePage.goto();
      await drivePage.createFolder("Photos");
      await drivePage.select("notes.txt");
      await drivePage.select("song.mp3", ["Control"]);
      await expect(drivePage.selectionBar).toContainText("2 selected");
      expect(await seriousViolations(page)).toEqual([]);

      await drivePage.selectionAction("Move").click();
      await expect(drivePage.dialog.getByRole("button", { name: "Photos" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press("Escape");

      await drivePage.select("report.pdf");
      await page.keyboard.press("F2");
      await expect(drivePage.dialog.getByLabel("New name")).toBeFocused();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press("Escape");

      await page.keyboard.press("Delete");
      await expect(drivePage.toast).toContainText("moved to trash");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the trash page has no serious or critical violations", async ({
      page,
      signedIn: _,
      drivePage,
      trashPage,
    }) => {
      await trashPage.goto();
      await expect(trashPage.emptyState).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      const root = await rootId(page);
      await uploadFile(page, root, "old.txt", new TextEncoder().encode("old"));
      await drivePage.goto();
      await drivePage.createFolder("Old folder");
      await drivePage.select("old.txt");
      await drivePage.select("Old folder", ["Control"]);
      await drivePage.selectionAction("Move to trash").click();
      await expect(drivePage.emptyState).toBeVisible();
      await trashPage.goto();
      await expect(trashPage.row("old.txt")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Delete forever: old.txt" }).click();
      await expect(trashPage.dialog).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the file pages (preview, versions, changes, editor) have no serious or critical violations", async ({
      page,
      signedIn: _,
      filePage,
    }) => {
      const root = await rootId(page);
      await page.goto("/drive");
      const image = await uploadFile(page, root, "picture.png", await makePng(page));
      await filePage.goto(image.id);
      await expect(filePage.image).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);

      const v1 = await uploadFile(
        page,
        root,
        "readme.md",
        new TextEncoder().encode("# Title\n\nFirst draft.\n"),
      );
      await uploadFile(
        page,
        root,
        "readme.md",
        new TextEncoder().encode("# Title\n\nSecond draft.\nMore.\n"),
        {
          fileId: v1.id,
          versionId: v1.versionId,
        },
      );
      await filePage.goto(v1.id);
      await expect(filePage.code).toContainText("Second draft.");
      expect(await seriousViolations(page)).toEqual([]);
      await filePage.openTab("Versions");
      await expect(filePage.versionRow(1)).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await filePage.openTab("Changes");
      await expect(filePage.diff).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await filePage.openTab("Edit");
      await expect(filePage.editor).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
