import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Uploads on the drive page: the Upload / Upload folder buttons (and their file inputs), dropping
 * files and folders onto the page, and the uploads panel.
 */
export class Uploads {
  readonly uploadButton: Locator;
  readonly uploadFolderButton: Locator;
  readonly filesInput: Locator;
  readonly folderInput: Locator;
  readonly panel: Locator;
  readonly panelTitle: Locator;
  readonly collapseButton: Locator;
  readonly closeButton: Locator;

  constructor(readonly page: Page) {
    this.uploadButton = page.getByRole("button", { name: "Upload", exact: true });
    this.uploadFolderButton = page.getByRole("button", { name: "Upload folder" });
    this.filesInput = page.getByTestId("upload-files-input");
    this.folderInput = page.getByTestId("upload-folder-input");
    this.panel = page.getByTestId("uploads-panel");
    this.panelTitle = this.panel.getByRole("heading", { level: 2 });
    this.collapseButton = this.panel.getByRole("button", { name: /^(Collapse|Expand) uploads$/ });
    this.closeButton = this.panel.getByRole("button", { name: "Close uploads" });
  }

  /** Picks files with the "Upload" button's input. */
  async uploadFiles(paths: string | string[]) {
    await this.filesInput.setInputFiles(paths);
  }

  /** Picks a folder (a local directory) with the "Upload folder" input. */
  async uploadFolder(dir: string) {
    await this.folderInput.setInputFiles(dir);
  }

  /**
   * Drops local files and folders on `target` the way an OS drag does: through Chromium's input
   * pipeline (CDP Input.dispatchDragEvent with file paths), so the page sees real file system
   * entries and walks dropped folders with webkitGetAsEntry().
   */
  async dropPaths(paths: string[], target: Locator) {
    const box = await target.boundingBox();
    if (!box) throw new Error("drop target is not visible");
    const x = box.x + box.width / 2;
    const y = box.y + Math.min(box.height / 2, 40);
    const cdp = await this.page.context().newCDPSession(this.page);
    const data = { items: [], files: paths, dragOperationsMask: 1 };
    try {
      await cdp.send("Input.dispatchDragEvent", { type: "dragEnter", x, y, data });
      await cdp.send("Input.dispatchDragEvent", { type: "dragOver", x, y, data });
      await cdp.send("Input.dispatchDragEvent", { type: "drop", x, y, data });
    } finally {
      await cdp.detach();
    }
  }

  /** One upload's row in the panel (by file name). */
  item(name: string): Locator {
    return this.panel.getByRole("listitem", { name, exact: true });
  }

  /** Waits until the upload of `name` is done. */
  async expectDone(name: string, timeout = 60_000) {
    await expect(this.item(name)).toHaveAttribute("data-phase", "done", { timeout });
  }

  cancelButton(name: string): Locator {
    return this.item(name).getByRole("button", { name: `Cancel upload of ${name}` });
  }

  retryButton(name: string): Locator {
    return this.item(name).getByRole("button", { name: `Retry upload of ${name}` });
  }

  /** "12 MB skipped (already on the server)" of an upload, when it has one. */
  skipped(name: string): Locator {
    return this.item(name).getByTestId("upload-skipped");
  }
}
