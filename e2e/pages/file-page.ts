import { expect, type Locator, type Page } from "@playwright/test";

/** /file/<id>: preview, version history, changes and the text editor. */
export class FilePage {
  readonly heading: Locator;
  readonly tabs: Locator;
  readonly downloadButton: Locator;
  readonly image: Locator;
  readonly video: Locator;
  readonly pdfFrame: Locator;
  readonly code: Locator;
  readonly versions: Locator;
  readonly editor: Locator;
  readonly saveButton: Locator;
  readonly diff: Locator;
  readonly toast: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.tabs = page.getByRole("navigation", { name: "File views" });
    this.downloadButton = page.locator(".drive-head").getByRole("link", { name: "Download" });
    this.image = page.locator(".preview-image img");
    this.video = page.locator(".preview-media video");
    this.pdfFrame = page.locator(".preview-pdf iframe");
    this.code = page.locator(".code-view");
    this.versions = page.getByRole("table", { name: /^Versions of / });
    this.editor = page.getByRole("textbox", { name: /^Contents of / });
    this.saveButton = page.getByRole("button", { name: /^(Save|Saving…)$/ });
    this.diff = page.locator(".diff-table");
    this.toast = page.getByRole("region", { name: "Notifications" }).locator(".toast");
  }

  async goto(id: string, view?: "versions" | "changes" | "edit") {
    await this.page.goto(`/file/${id}${view ? `?view=${view}` : ""}`);
  }

  async openTab(name: "Preview" | "Versions" | "Changes" | "Edit") {
    await this.tabs.getByRole("link", { name: new RegExp(`^${name}`) }).click();
    await expect(this.tabs.getByRole("link", { name: new RegExp(`^${name}`) })).toHaveAttribute(
      "aria-current",
      "page",
    );
  }

  /** Version numbers listed, newest first. */
  async versionNumbers(): Promise<number[]> {
    const rows = await this.versions
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.version)));
    return rows;
  }

  versionRow(number: number): Locator {
    return this.versions.locator(`tbody tr[data-version="${number}"]`);
  }

  /** The diff's lines as "+text", "-text" or " text". */
  async diffLines(): Promise<string[]> {
    return this.diff.locator("tbody tr:not(.diff-fold)").evaluateAll((trs) =>
      trs.map((tr) => {
        const sign = tr.classList.contains("diff-added")
          ? "+"
          : tr.classList.contains("diff-removed")
            ? "-"
            : " ";
        const text = (tr.querySelector(".diff-text")?.textContent ?? "").replace(/^(Added|Removed): /, "");
        return `${sign}${text.replace(/\u200b/g, "")}`;
      }),
    );
  }
}
