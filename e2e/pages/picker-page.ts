import type { Locator, Page } from "@playwright/test";

/** The Chooser/Saver popup (/picker) opened by a partner page. */
export class PickerPage {
  readonly refusal: Locator;
  readonly chooseButton: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.refusal = page.locator(".notice[role=alert]");
    this.chooseButton = page.getByRole("button", { name: "Choose", exact: true });
    this.search = page.getByRole("searchbox", { name: "Search by name" });
  }

  /** Ticks the item named `name` in the list shown. */
  async pick(name: string) {
    await this.page.getByRole("checkbox", { name: `Choose ${name}` }).check();
  }

  /** Opens a folder in the Chooser's list. */
  async openFolder(name: string) {
    await this.page.getByRole("button", { name: `Open ${name}`, exact: true }).click();
  }

  /** Opens a folder in the Saver's folder list. */
  async openSaveFolder(name: string) {
    await this.page.getByRole("button", { name, exact: true }).click();
  }

  saveButton(folder: string): Locator {
    return this.page.getByRole("button", { name: `Save to “${folder}”` });
  }
}
