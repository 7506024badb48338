import { expect, type Locator, type Page } from "@playwright/test";

export class DrivePage {
  readonly heading: Locator;
  readonly breadcrumbs: Locator;
  readonly userEmail: Locator;
  readonly signOutButton: Locator;
  readonly newFolderButton: Locator;
  readonly folderNameInput: Locator;
  readonly createButton: Locator;
  readonly newFolderError: Locator;
  readonly emptyState: Locator;
  readonly listing: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.breadcrumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    this.userEmail = page.getByTestId("user-email");
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
    this.newFolderButton = page.getByRole("button", { name: "New folder" });
    this.folderNameInput = page.getByLabel("Folder name");
    this.createButton = page.getByRole("button", { name: /^(Create|Creating…)$/ });
    this.newFolderError = page.locator("#new-folder [role=alert]");
    this.emptyState = page.getByText("This folder is empty");
    this.listing = page.getByRole("table");
  }

  /** Opens a folder by its names from the root: goto([]) is My files. */
  async goto(segments: string[] = []) {
    const path = segments.map(encodeURIComponent).join("/");
    await this.page.goto(path ? `/drive/${path}` : "/drive");
  }

  /** The listing's row for an item (exact name). */
  row(name: string): Locator {
    return this.listing.getByRole("row").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The names in the listing, top to bottom. */
  async names(): Promise<string[]> {
    return this.listing.locator("tbody .entry-name").allInnerTexts();
  }

  /** The breadcrumb trail as text, e.g. ["My files", "Projects"]. */
  async crumbs(): Promise<string[]> {
    return this.breadcrumbs.getByRole("listitem").allInnerTexts();
  }

  async startNewFolder(name: string) {
    if (!(await this.folderNameInput.isVisible())) await this.newFolderButton.click();
    await this.folderNameInput.fill(name);
    await this.createButton.click();
  }

  /** Creates a folder and waits until it is listed. */
  async createFolder(name: string) {
    await this.startNewFolder(name);
    await expect(this.folderNameInput).toBeHidden();
    await expect(this.folderLink(name)).toBeVisible();
  }

  folderLink(name: string): Locator {
    return this.listing.getByRole("link", { name, exact: true });
  }

  async openFolder(name: string) {
    await this.folderLink(name).click();
    await expect(this.heading).toHaveText(name);
  }

  async signOut() {
    await this.signOutButton.click();
  }
}
