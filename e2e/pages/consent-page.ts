import type { Locator, Page } from "@playwright/test";

/** /oauth/consent: a partner app asks to use the person's Cairn. */
export class ConsentPage {
  readonly heading: Locator;
  readonly scopes: Locator;
  readonly allow: Locator;
  readonly decline: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Allow access?" });
    this.scopes = page.getByRole("list", { name: "What the app asks for" }).getByRole("listitem");
    this.allow = page.getByRole("button", { name: /^Allow/ });
    this.decline = page.getByRole("button", { name: /^Decline/ });
  }
}
