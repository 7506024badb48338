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
  /** The folder's listing: an ARIA grid. */
  readonly listing: Locator;
  readonly selectionBar: Locator;
  readonly dialog: Locator;
  readonly toast: Locator;
  /** Toasts shown as alerts (errors, and changes the server refused and that were rolled back). */
  readonly alertToast: Locator;
  readonly trashLink: Locator;
  /** "Shared folder · you can …" above the listing, inside a shared folder. */
  readonly folderRole: Locator;
  /** The top bar's sync status ("All changes saved", "3 changes waiting to sync", ...). */
  readonly syncIndicator: Locator;
  /** The banner shown while the browser is offline. */
  readonly offlineBanner: Locator;

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
    this.listing = page.getByRole("grid");
    this.selectionBar = page.getByRole("toolbar", { name: "Selection" });
    this.dialog = page.getByRole("dialog");
    this.toast = page.getByRole("region", { name: "Notifications" }).locator(".toast");
    this.alertToast = page
      .getByRole("region", { name: "Notifications" })
      .getByRole("alert")
      .locator(".toast");
    this.trashLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trash" });
    this.folderRole = page.getByTestId("folder-role");
    this.syncIndicator = page.getByTestId("sync-indicator");
    this.offlineBanner = page.getByTestId("offline-banner").getByText("You're offline.");
  }

  /** Waits until the engine has caught up, its feed is live and nothing is waiting to be sent. */
  async waitSynced() {
    await expect(this.syncIndicator).toHaveText("All changes saved");
  }

  /** The "Pending" badge of an item whose changes wait to be confirmed by the server. */
  pendingBadge(name: string): Locator {
    return this.row(name).getByText("Pending", { exact: true });
  }

  /** Moves one item to the trash from its row's button. */
  async trash(name: string) {
    await this.row(name).hover();
    await this.row(name)
      .getByRole("button", { name: `Move ${name} to trash`, exact: true })
      .click();
    await expect(this.row(name)).toHaveCount(0);
  }

  /** Opens a folder by its names from the root: goto([]) is My files. */
  async goto(segments: string[] = []) {
    const path = segments.map(encodeURIComponent).join("/");
    await this.page.goto(path ? `/drive/${path}` : "/drive");
  }

  /** The listing's row for an item (exact name). */
  row(name: string): Locator {
    return this.listing.locator("tbody tr").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The names in the listing, top to bottom. */
  async names(): Promise<string[]> {
    return this.listing.locator("tbody .entry-name").allInnerTexts();
  }

  /** Names of the selected rows, top to bottom. */
  async selectedNames(): Promise<string[]> {
    return this.listing.locator('tbody tr[aria-selected="true"] .entry-name').allInnerTexts();
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

  /** Clicks a row outside its name link: selects it (modifiers: Control toggles, Shift extends). */
  async select(name: string, modifiers: ("Control" | "Shift")[] = []) {
    await this.row(name).locator("td.col-modified").click({ modifiers });
  }

  /** A button of the selection bar ("Download", "Rename", "Move", "Move to trash"). */
  selectionAction(name: string): Locator {
    return this.selectionBar.getByRole("button", { name, exact: true });
  }

  /** Sorts by a column header ("Name", "Size", "Modified"); each click flips the direction. */
  async sortBy(column: "Name" | "Size" | "Modified") {
    await this.listing.getByRole("columnheader", { name: column }).getByRole("button").click();
  }

  columnHeader(column: "Name" | "Size" | "Modified"): Locator {
    return this.listing.getByRole("columnheader", { name: column });
  }

  /** Renames through the dialog (opened with F2 on the selected row) and waits for the new name. */
  async rename(name: string, newName: string) {
    await this.renameInDialog(name, newName);
    await expect(this.row(newName)).toBeVisible();
  }

  /** Renames through the dialog and waits only for the dialog to close. */
  async renameInDialog(name: string, newName: string) {
    await this.select(name);
    await this.page.keyboard.press("F2");
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByLabel("New name").fill(newName);
    await this.page.keyboard.press("Enter");
    await expect(this.dialog).toBeHidden();
  }

  /** Moves the selected items through the folder picker: `path` is folder names from My files. */
  async moveSelectedTo(path: string[]) {
    await this.selectionAction("Move").click();
    await expect(this.dialog).toBeVisible();
    for (const name of path) {
      await this.dialog.getByRole("button", { name, exact: true }).click();
      await expect(this.dialog.getByRole("navigation", { name: "Destination" })).toContainText(name);
    }
    await this.dialog.getByRole("button", { name: /^Move to “/ }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** A row's action button, e.g. rowAction("a.txt", "Rename") is "Rename a.txt". */
  rowAction(name: string, action: "Share" | "Get link to" | "Rename" | "Move" | "Download"): Locator {
    return this.row(name).getByRole("button", { name: `${action} ${name}`, exact: true });
  }

  /** The "Shared" badge of a row (a shared folder's top). */
  sharedBadge(name: string): Locator {
    return this.row(name).locator(".badge-shared");
  }

  /** Opens the share dialog from a row: "Share" (folders you own) or "Get link to". */
  async openShareDialog(name: string, action: "Share" | "Get link to" = "Share") {
    await this.row(name).hover();
    await this.rowAction(name, action).click();
    await expect(this.dialog).toBeVisible();
  }

  async signOut() {
    await this.signOutButton.click();
  }
}
