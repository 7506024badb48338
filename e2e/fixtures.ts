/**
 * Shared fixtures: page objects, a fresh unique user per test (`user`), and `signedIn`, which
 * creates that user through the API (sharing the page's cookies) for tests that start inside
 * the drive.
 */
import { randomBytes } from "node:crypto";
import { type Browser, type BrowserContext, test as base, expect } from "@playwright/test";
import { DrivePage } from "./pages/drive-page";
import { FilePage } from "./pages/file-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { TrashPage } from "./pages/trash-page";

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

interface Fixtures {
  /** Automatic: fails the test on an uncaught page error or a console error (e.g. hydration). */
  pageErrors: string[];
  /**
   * Console errors a test expects beyond EXPECTED_CONSOLE_ERRORS (an option for `test.use`), e.g.
   * failed requests in a test that takes the browser offline. One pattern: `test.use` would read
   * an array as a fixture definition.
   */
  expectedConsoleError: RegExp | null;
  user: TestUser;
  signedIn: TestUser;
  signUpPage: SignUpPage;
  signInPage: SignInPage;
  drivePage: DrivePage;
  trashPage: TrashPage;
  filePage: FilePage;
}

export function uniqueUser(label = "user"): TestUser {
  const id = `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
  return {
    name: `E2E ${label}`,
    email: `e2e-${label}-${id}@example.test`,
    password: `pw-${randomBytes(9).toString("base64url")}`,
  };
}

/**
 * Console errors that are expected behaviour, not bugs: a 401 from a session check or a wrong
 * password, a 422 for an email that already has an account, a request made while offline.
 */
const EXPECTED_CONSOLE_ERRORS = [
  /Failed to load resource: the server responded with a status of (401|422)/,
  // Tests that take the browser offline (context.setOffline): Next's link prefetches then fail.
  /Failed to load resource: net::ERR_INTERNET_DISCONNECTED/,
];

/** Another browser context (another device) signed in through the API as the same user. */
export async function signInElsewhere(
  browser: Browser,
  user: TestUser,
  baseURL: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const response = await context.request.post("/api/auth/sign-in/email", {
    data: { email: user.email, password: user.password },
    headers: { origin: baseURL },
  });
  expect(response.ok(), `sign-in through the API answered ${response.status()}`).toBe(true);
  return context;
}

export const test = base.extend<Fixtures>({
  expectedConsoleError: [null, { option: true }],
  pageErrors: [
    async ({ page, expectedConsoleError }, use) => {
      const errors: string[] = [];
      const expected = expectedConsoleError
        ? [...EXPECTED_CONSOLE_ERRORS, expectedConsoleError]
        : EXPECTED_CONSOLE_ERRORS;
      page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = message.text();
        if (!expected.some((pattern) => pattern.test(text))) errors.push(`console: ${text}`);
      });
      await use(errors);
      expect(errors, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  user: async ({}, use, testInfo) => {
    await use(
      uniqueUser(
        testInfo.title
          .replace(/[^a-z0-9]+/gi, "-")
          .slice(0, 20)
          .toLowerCase(),
      ),
    );
  },
  signedIn: async ({ page, user, baseURL }, use) => {
    const response = await page.request.post("/api/auth/sign-up/email", {
      data: user,
      headers: { origin: baseURL! },
    });
    expect(response.ok(), `sign-up through the API answered ${response.status()}`).toBe(true);
    await use(user);
  },
  signUpPage: async ({ page }, use) => use(new SignUpPage(page)),
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  drivePage: async ({ page }, use) => use(new DrivePage(page)),
  trashPage: async ({ page }, use) => use(new TrashPage(page)),
  filePage: async ({ page }, use) => use(new FilePage(page)),
});

export { expect };
