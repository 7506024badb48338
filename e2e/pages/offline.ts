import { expect, type Locator, type Page } from "@playwright/test";

/** Waits until a service worker controls the page (installed, precached, activated, claimed). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? "none"), { timeout: 15_000 })
    .toBe("activated");
}

/** "Make available offline" and its badge on the drive listing and the file page. */
export class OfflineControls {
  constructor(readonly page: Page) {}

  /** The row action that keeps an item on this device. */
  makeAvailableButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Make ${name} available offline`, exact: true });
  }

  removeButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Remove offline copy of ${name}`, exact: true });
  }

  /** The "Available offline" badge of a listing row. */
  badge(row: Locator): Locator {
    return row.getByText("Available offline", { exact: true });
  }

  /** Clicks a row's "Make available offline" (the row's actions show on hover). */
  async makeAvailable(row: Locator, name: string) {
    await row.hover();
    await row.getByRole("button", { name: `Make ${name} available offline`, exact: true }).click();
    await expect(this.badge(row)).toBeVisible();
  }

  /** The file page's labelled button. */
  fileButton(): Locator {
    return this.page
      .locator(".drive-head")
      .getByRole("button", { name: /^(Make available offline|Remove offline copy)$/ });
  }
}

/** /storage: what this device keeps offline, with its sizes and "Remove offline copy". */
export class OfflineStoragePage {
  readonly heading: Locator;
  readonly list: Locator;
  readonly pinnedBytes: Locator;
  readonly cachedBytes: Locator;
  readonly emptyState: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.list = page.getByRole("table", { name: "Kept offline" });
    this.pinnedBytes = page.getByTestId("pinned-bytes");
    this.cachedBytes = page.getByTestId("cached-bytes");
    this.emptyState = page.getByText("Nothing is kept offline yet");
  }

  async goto() {
    await this.page.goto("/storage");
    await expect(this.heading).toHaveText("Offline storage");
  }

  row(name: string): Locator {
    return this.list.locator("tbody tr").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async names(): Promise<string[]> {
    return this.list.locator("tbody .entry-name").allInnerTexts();
  }

  async remove(name: string) {
    await this.row(name)
      .getByRole("button", { name: `Remove offline copy of ${name}`, exact: true })
      .click();
  }
}
