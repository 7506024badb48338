import { expect, type Locator, type Page } from "@playwright/test";

/** /shared: "Shared with me" (and "Shared by you"). */
export class SharedPage {
  readonly heading: Locator;
  readonly listing: Locator;
  readonly emptyState: Locator;
  readonly navLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Shared with me" });
    this.listing = page.getByRole("table", { name: "Folders shared with you" });
    this.emptyState = page.getByText("Nothing is shared with you yet");
    this.navLink = page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Shared with me" });
  }

  async goto() {
    await this.page.goto("/shared");
    await expect(this.heading).toBeVisible();
  }

  row(name: string): Locator {
    return this.listing.locator("tbody tr").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The role column of a share's row ("Editor", "Viewer"). */
  role(name: string): Locator {
    return this.row(name).getByTestId("share-role");
  }

  /** Opens the shared folder in the drive. */
  async open(name: string) {
    await this.row(name).getByRole("link", { name, exact: true }).click();
  }
}
