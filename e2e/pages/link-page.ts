import type { Locator, Page } from "@playwright/test";

/** /s/<token>: a public link, opened by anyone (no sign-in). */
export class LinkPage {
  readonly heading: Locator;
  readonly passwordInput: Locator;
  readonly openButton: Locator;
  readonly error: Locator;
  readonly goneHeading: Locator;
  readonly downloadButton: Locator;
  readonly code: Locator;
  readonly image: Locator;
  readonly listing: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.passwordInput = page.getByLabel("Password", { exact: true });
    this.openButton = page.getByRole("button", { name: /^(Open|Opening…)$/ });
    this.error = page.locator(".field-error");
    this.goneHeading = page.getByRole("heading", { name: "This link doesn't exist or has expired" });
    this.downloadButton = page.locator(".drive-head").getByRole("link", { name: "Download" });
    this.code = page.locator(".code-view");
    this.image = page.locator(".preview-image img");
    this.listing = page.locator("table.link-listing");
  }

  async goto(url: string) {
    await this.page.goto(url);
  }

  async submitPassword(password: string) {
    await this.passwordInput.fill(password);
    await this.openButton.click();
  }
}
