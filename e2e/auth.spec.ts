import { createRootFolders } from "./api";
import { expect, test, uniqueUser } from "./fixtures";

test("a new user signs up, builds nested folders, signs out and finds them after signing in again", async ({
  page,
  user,
  signUpPage,
  signInPage,
  drivePage,
}) => {
  await test.step("sign up through the form", async () => {
    await signUpPage.goto();
    await expect(signUpPage.heading).toBeVisible();
    await signUpPage.signUp(user);
    await expect(page).toHaveURL(/\/drive$/);
    await expect(drivePage.userEmail).toHaveText(user.email);
    await expect(drivePage.heading).toHaveText("My files");
    await expect(drivePage.emptyState).toBeVisible();
  });

  await test.step("create folders at the root, listed by name", async () => {
    await drivePage.createFolder("Projects");
    await drivePage.createFolder("Archive");
    await expect(drivePage.emptyState).toBeHidden();
    expect(await drivePage.names()).toEqual(["Archive", "Projects"]);
  });

  await test.step("open a folder and create one inside it", async () => {
    await drivePage.openFolder("Projects");
    await expect(page).toHaveURL(/\/drive\/Projects$/);
    expect(await drivePage.crumbs()).toEqual(["My files", "Projects"]);
    await expect(drivePage.emptyState).toBeVisible();
    await drivePage.createFolder("2026");
    await drivePage.openFolder("2026");
    await expect(page).toHaveURL(/\/drive\/Projects\/2026$/);
    expect(await drivePage.crumbs()).toEqual(["My files", "Projects", "2026"]);
    await expect(drivePage.emptyState).toBeVisible();
  });

  await test.step("a duplicate name (in any case) shows a human message and keeps the form", async () => {
    await drivePage.breadcrumbs.getByRole("link", { name: "My files" }).click();
    await expect(drivePage.heading).toHaveText("My files");
    await drivePage.startNewFolder("projects");
    await expect(drivePage.newFolderError).toHaveText("A file or folder with that name already exists");
    await expect(drivePage.folderNameInput).toBeVisible();
    await expect(drivePage.folderNameInput).toHaveAttribute("aria-invalid", "true");
    expect(await drivePage.names()).toEqual(["Archive", "Projects"]);
  });

  await test.step("the folders survive a reload", async () => {
    await drivePage.goto(["Projects"]);
    await page.reload();
    await expect(drivePage.heading).toHaveText("Projects");
    expect(await drivePage.crumbs()).toEqual(["My files", "Projects"]);
    await expect(drivePage.folderLink("2026")).toBeVisible();
  });

  await test.step("sign out: the drive is no longer reachable", async () => {
    await drivePage.signOut();
    await expect(page).toHaveURL(/\/signin$/);
    await drivePage.goto();
    await expect(page).toHaveURL(/\/signin\?next=%2Fdrive$/);
    await expect(signInPage.heading).toBeVisible();
  });

  await test.step("sign in again and see the folders", async () => {
    await signInPage.signIn(user);
    await expect(page).toHaveURL(/\/drive$/);
    await expect(drivePage.userEmail).toHaveText(user.email);
    expect(await drivePage.names()).toEqual(["Archive", "Projects"]);
    await drivePage.openFolder("Projects");
    await expect(drivePage.folderLink("2026")).toBeVisible();
  });
});

test("a wrong password shows a clear message and keeps the visitor signed out", async ({
  page,
  signedIn,
  signInPage,
  drivePage,
}) => {
  await page.context().clearCookies();
  await signInPage.goto();
  await signInPage.signIn({ email: signedIn.email, password: "not-the-password" });
  await expect(signInPage.error).toHaveText(
    "That email and password don't match an account. Check them and try again.",
  );
  await expect(signInPage.submit).toBeEnabled();
  await expect(page).toHaveURL(/\/signin$/);
  await drivePage.goto();
  await expect(page).toHaveURL(/\/signin\?next=/);
});

test("signing up with an email that already has an account says so", async ({
  page,
  signedIn,
  signUpPage,
}) => {
  await page.context().clearCookies();
  await signUpPage.goto();
  await signUpPage.signUp({ ...uniqueUser("again"), email: signedIn.email });
  await expect(signUpPage.error).toHaveText("An account with this email already exists. Sign in instead.");
  await expect(page).toHaveURL(/\/signup$/);
});

test("the submit button is disabled while signing in", async ({ page, signedIn, signInPage }) => {
  await page.context().clearCookies();
  await signInPage.goto();
  // Hold the sign-in request until the button has been checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/auth/sign-in/email", async (route) => {
    await held;
    await route.continue();
  });
  await signInPage.signIn(signedIn);
  await expect(signInPage.submit).toBeDisabled();
  await expect(signInPage.submit).toHaveText("Signing in…");
  release();
  await expect(page).toHaveURL(/\/drive$/);
});

test("after signing in, a visitor returns to the folder they asked for", async ({
  page,
  signedIn,
  signInPage,
  drivePage,
}) => {
  await drivePage.goto();
  await drivePage.createFolder("Reports");
  await page.context().clearCookies();
  await drivePage.goto(["Reports"]);
  await expect(page).toHaveURL(/\/signin\?next=%2Fdrive%2FReports$/);
  await signInPage.signIn(signedIn);
  await expect(page).toHaveURL(/\/drive\/Reports$/);
  await expect(drivePage.heading).toHaveText("Reports");
});

test("folder names with URL-significant characters round-trip through links and reloads", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  const name = "Q3 50% #1 ?a=b & café";
  await drivePage.goto();
  await drivePage.createFolder(name);
  await drivePage.openFolder(name);
  expect(await drivePage.crumbs()).toEqual(["My files", name]);
  await expect(page).toHaveTitle(`${name} · Cairn`);
  await expect(drivePage.emptyState).toBeVisible();
  await page.reload();
  await expect(drivePage.heading).toHaveText(name);
  await expect(drivePage.emptyState).toBeVisible();
  await drivePage.createFolder("x%41");
  await drivePage.openFolder("x%41");
  expect(await drivePage.crumbs()).toEqual(["My files", name, "x%41"]);
  await page.reload();
  await expect(drivePage.heading).toHaveText("x%41");
});

test("an invalid folder name is explained, not sent as a raw error", async ({ signedIn: _, drivePage }) => {
  await drivePage.goto();
  await drivePage.startNewFolder("a/b");
  await expect(drivePage.newFolderError).toHaveText("Names can't contain “/”.");
  await drivePage.startNewFolder("   ");
  await expect(drivePage.newFolderError).toHaveText("Enter a name for the folder.");
  await expect(drivePage.emptyState).toBeVisible();
});

test("a folder that does not exist shows a message with a way back", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  await drivePage.goto(["Nowhere"]);
  await expect(page.getByRole("alert").filter({ hasText: "This folder doesn't exist" })).toBeVisible();
  await page.getByRole("link", { name: "Go to My files" }).click();
  await expect(drivePage.heading).toHaveText("My files");
});

test("a folder with more than one page of items lists them all after “Show more”", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  const names = Array.from({ length: 205 }, (_, i) => `Folder ${String(i + 1).padStart(3, "0")}`);
  await createRootFolders(page, names);
  await drivePage.goto();
  await expect(drivePage.listing.locator("tbody tr")).toHaveCount(200);
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(drivePage.listing.locator("tbody tr")).toHaveCount(205);
  expect(await drivePage.names()).toEqual(names);
  await expect(page.getByRole("button", { name: "Show more" })).toBeHidden();
});
