import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

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
  });
}
