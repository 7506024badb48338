import { expect, type Locator, type Page } from "@playwright/test";

export type MemberRole = "Editor" | "Viewer";

/** The "Share" / "Get link" dialog of the drive: people with access and public links. */
export class ShareDialog {
  readonly root: Locator;
  readonly title: Locator;
  readonly emailInput: Locator;
  readonly roleSelect: Locator;
  readonly shareButton: Locator;
  readonly members: Locator;
  readonly error: Locator;
  readonly passwordInput: Locator;
  readonly expiryInput: Locator;
  readonly createLinkButton: Locator;
  /** The new link's URL, shown once right after creating it. */
  readonly newLinkUrl: Locator;
  readonly copyButton: Locator;
  readonly links: Locator;
  readonly doneButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole("dialog");
    this.title = this.root.getByRole("heading", { level: 2 });
    this.emailInput = this.root.getByLabel("Email", { exact: true });
    this.roleSelect = this.root.getByLabel("Role", { exact: true });
    this.shareButton = this.root.getByRole("button", { name: /^(Share|Sharing…)$/ });
    this.members = this.root.getByRole("list", { name: "Members" });
    this.error = this.root.locator(".field-error");
    this.passwordInput = this.root.getByLabel("Password (optional)");
    this.expiryInput = this.root.getByLabel("Expires on (optional)");
    this.createLinkButton = this.root.getByRole("button", { name: /^(Create link|Creating…)$/ });
    this.newLinkUrl = this.root.getByLabel(/^New link/);
    this.copyButton = this.root.getByRole("button", { name: /^(Copy|Copied)$/ });
    this.links = this.root.getByRole("list", { name: "Links" });
    this.doneButton = this.root.getByRole("button", { name: "Done" });
  }

  /** A member's row (by email). */
  member(email: string): Locator {
    return this.members.getByRole("listitem").filter({ hasText: email });
  }

  roleOf(email: string): Locator {
    return this.root.getByLabel(`Role of ${email}`);
  }

  /** Adds someone by email and waits until they are listed with that role. */
  async addPerson(email: string, role: MemberRole) {
    await this.emailInput.fill(email);
    await this.roleSelect.selectOption({ label: role });
    await this.shareButton.click();
    await expect(this.roleOf(email)).toHaveValue(role.toUpperCase());
    await expect(this.emailInput).toHaveValue("");
  }

  /** Changes a member's role and waits until the server's answer shows it. */
  async setRole(email: string, role: MemberRole) {
    const select = this.roleOf(email);
    await select.selectOption({ label: role });
    await expect(select).toBeEnabled();
    await expect(select).toHaveValue(role.toUpperCase());
    await expect(this.root.getByText(`${email} is now ${role}`)).toHaveCount(1);
  }

  async remove(email: string) {
    await this.root.getByRole("button", { name: `Remove ${email}`, exact: true }).click();
    await expect(this.member(email)).toHaveCount(0);
  }

  /** Creates a public link and returns its URL (shown once). `expires` is a date input value (YYYY-MM-DD). */
  async createLink(options: { password?: string; expires?: string } = {}): Promise<string> {
    if (options.password) await this.passwordInput.fill(options.password);
    if (options.expires) await this.expiryInput.fill(options.expires);
    await this.createLinkButton.click();
    await expect(this.newLinkUrl).toBeVisible();
    return this.newLinkUrl.inputValue();
  }

  async close() {
    await this.doneButton.click();
    await expect(this.root).toBeHidden();
  }
}
