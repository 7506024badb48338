import { expect, type Locator, type Page } from "@playwright/test";

export class TrashPage {
  readonly heading: Locator;
  readonly listing: Locator;
  readonly emptyState: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Trash" });
    this.listing = page.getByRole("table", { name: "Items in the trash" });
    this.emptyState = page.getByText("Trash is empty");
    this.dialog = page.getByRole("dialog");
  }

  async goto() {
    await this.page.goto("/trash");
    await expect(this.heading).toBeVisible();
  }

  row(name: string): Locator {
    return this.listing.locator("tbody tr").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async names(): Promise<string[]> {
    return this.listing.locator("tbody .entry-name").allInnerTexts();
  }

  async restore(name: string) {
    await this.page.getByRole("button", { name: `Restore ${name}`, exact: true }).click();
    await expect(this.row(name)).toHaveCount(0);
  }

  async deleteForever(name: string) {
    await this.page.getByRole("button", { name: `Delete forever: ${name}`, exact: true }).click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByRole("button", { name: "Delete forever" }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.row(name)).toHaveCount(0);
  }
}
