import type { Locator, Page } from "@playwright/test";

/** The GraphQL explorer (GraphiQL) that a browser gets at /api/graphql. */
export class ExplorerPage {
  readonly heading: Locator;
  readonly userEmail: Locator;
  readonly signInLink: Locator;
  readonly editor: Locator;
  readonly queryEditor: Locator;
  readonly runButton: Locator;
  readonly response: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "GraphQL explorer" });
    this.userEmail = page.locator(".explorer-email");
    this.signInLink = page.getByRole("link", { name: "Sign in", exact: true });
    this.editor = page.locator(".graphiql-container");
    this.queryEditor = page.locator(".graphiql-query-editor .monaco-editor");
    // GraphiQL labels the button "Execute query (Ctrl-Enter)", and "Stop" while a subscription runs.
    this.runButton = page.getByRole("button", { name: /^Execute query/ });
    this.response = page.locator(".graphiql-response");
  }

  async goto() {
    await this.page.goto("/api/graphql");
  }

  /** Replaces the operation in the editor (typed as a paste: no auto-closed brackets). */
  async setQuery(text: string) {
    await this.queryEditor.click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(text);
  }

  async run() {
    await this.runButton.click();
  }

  /**
   * The response pane's text without whitespace: Monaco wraps long lines and renders spaces as
   * it likes, so compare `"email":"a@b.c"`, not the pretty-printed JSON.
   */
  async responseText(): Promise<string> {
    return ((await this.response.textContent()) ?? "").replace(/\s+/g, "");
  }
}
