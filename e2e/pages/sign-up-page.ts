import type { Locator, Page } from "@playwright/test";

export class SignUpPage {
  readonly heading: Locator;
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly signInLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Create your account" });
    this.name = page.getByLabel("Name");
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: /Create account|Creating account/ });
    this.error = page.locator(".form-error[role=alert]");
    this.signInLink = page.getByRole("link", { name: "Sign in" });
  }

  async goto() {
    await this.page.goto("/signup");
  }

  async signUp(user: { name: string; email: string; password: string }) {
    await this.name.fill(user.name);
    await this.email.fill(user.email);
    await this.password.fill(user.password);
    await this.submit.click();
  }
}
