import { expect, test } from "./fixtures";

test("the server answers health checks on port 3000 with the embedded database", async ({ request }) => {
  // On port 3000 unless a developer moved the suite with CAIRN_E2E_PORT (never in CI).
  const response = await request.get(`http://127.0.0.1:${process.env.CAIRN_E2E_PORT ?? "3000"}/api/health`);
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, database: "pglite" });
});

test("the home page renders and sends a signed-out visitor to sign in", async ({ page, signInPage }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  expect(await response?.text()).toContain("<title>Cairn</title>");
  await expect(page).toHaveURL(/\/signin$/);
  await expect(signInPage.heading).toBeVisible();
});

test("the home page sends a signed-in user to the drive", async ({ page, signedIn, drivePage }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/drive$/);
  await expect(drivePage.userEmail).toHaveText(signedIn.email);
});
