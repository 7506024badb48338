import { readFile } from "node:fs/promises";
import { createFolder, randomBytes, rootId, uploadFile } from "./api";
import { expect, test } from "./fixtures";

test("a new user creates a folder, gets files in, downloads one intact, renames, moves, trashes and restores", async ({
  page,
  user,
  signUpPage,
  drivePage,
  trashPage,
}) => {
  const report = randomBytes(700_000, 1); // more than one chunk's worth of minimum size
  const notes = new TextEncoder().encode("Meeting notes\n- ship it\n");
  const photo = randomBytes(20_000, 2);

  await test.step("sign up and create a folder", async () => {
    await signUpPage.goto();
    await signUpPage.signUp(user);
    await expect(page).toHaveURL(/\/drive$/);
    await expect(drivePage.emptyState).toBeVisible();
    await drivePage.createFolder("Work");
    await drivePage.createFolder("Archive");
  });

  await test.step("files put in the folder through the API are listed with size and type", async () => {
    const root = await rootId(page);
    const work = (
      await page.request
        .post("/api/graphql", {
          data: { query: '{ nodeByPath(path: "/Work") { id } }' },
          headers: { origin: new URL(page.url()).origin },
        })
        .then((r) => r.json())
    ).data.nodeByPath.id as string;
    expect(root).not.toEqual(work);
    await uploadFile(page, work, "report.bin", report);
    await uploadFile(page, work, "notes.txt", notes);
    await uploadFile(page, work, "photo.jpg", photo);
    await drivePage.openFolder("Work");
    await expect.poll(() => drivePage.names()).toEqual(["notes.txt", "photo.jpg", "report.bin"]);
    await expect(drivePage.row("report.bin").locator(".col-size")).toHaveText("684 KB");
    await expect(drivePage.row("notes.txt").locator(".icon-file-text")).toBeVisible();
    await expect(drivePage.row("photo.jpg").locator(".icon-file-image")).toBeVisible();
  });

  await test.step("download a file: the bytes are identical", async () => {
    await drivePage.row("report.bin").hover();
    const downloading = page.waitForEvent("download");
    await drivePage.row("report.bin").getByRole("button", { name: "Download report.bin" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("report.bin");
    const saved = await readFile((await download.path())!);
    expect(Buffer.compare(saved, Buffer.from(report))).toBe(0);
  });

  await test.step("rename with F2 and the dialog", async () => {
    await drivePage.rename("notes.txt", "minutes.txt");
    await expect.poll(() => drivePage.names()).toEqual(["minutes.txt", "photo.jpg", "report.bin"]);
    await expect(drivePage.toast).toContainText("Renamed to “minutes.txt”");
  });

  await test.step("move two files into Archive through the folder picker", async () => {
    await drivePage.select("photo.jpg");
    await drivePage.select("report.bin", ["Control"]);
    await expect(drivePage.selectionBar).toContainText("2 selected");
    await drivePage.moveSelectedTo(["Archive"]);
    await expect(drivePage.toast).toContainText("Moved 2 items to “Archive”");
    await expect.poll(() => drivePage.names()).toEqual(["minutes.txt"]);
    await drivePage.breadcrumbs.getByRole("link", { name: "My files" }).click();
    await drivePage.openFolder("Archive");
    await expect.poll(() => drivePage.names()).toEqual(["photo.jpg", "report.bin"]);
  });

  await test.step("trash a file, find it in the Trash page, restore it", async () => {
    await drivePage.select("photo.jpg");
    await drivePage.selectionAction("Move to trash").click();
    await expect(drivePage.toast).toContainText("“photo.jpg” moved to trash");
    await expect(drivePage.row("photo.jpg")).toHaveCount(0);
    await drivePage.trashLink.click();
    await expect(trashPage.heading).toBeVisible();
    await expect.poll(() => trashPage.names()).toEqual(["photo.jpg"]);
    await expect(trashPage.row("photo.jpg")).toContainText("Archive");
    await trashPage.restore("photo.jpg");
    await expect(trashPage.emptyState).toBeVisible();
    await drivePage.goto(["Archive"]);
    await expect.poll(() => drivePage.names()).toEqual(["photo.jpg", "report.bin"]);
  });
});

test("Undo in the toast brings trashed items back", async ({ page, signedIn: _, drivePage }) => {
  const root = await rootId(page);
  await uploadFile(page, root, "a.txt", new TextEncoder().encode("a"));
  await uploadFile(page, root, "b.txt", new TextEncoder().encode("b"));
  await createFolder(page, root, "Keep");
  await drivePage.goto();
  await drivePage.select("a.txt");
  await drivePage.select("b.txt", ["Shift"]);
  await expect.poll(() => drivePage.selectedNames()).toEqual(["a.txt", "b.txt"]);
  await page.keyboard.press("Delete");
  await expect(drivePage.toast).toContainText("2 items moved to trash");
  await expect.poll(() => drivePage.names()).toEqual(["Keep"]);
  await drivePage.toast.getByRole("button", { name: "Undo" }).click();
  await expect(drivePage.toast).toContainText("2 items restored");
  await expect.poll(() => drivePage.names()).toEqual(["Keep", "a.txt", "b.txt"]);
});

test("deleting forever from the trash asks first, then the item is gone", async ({
  page,
  signedIn: _,
  drivePage,
  trashPage,
}) => {
  const root = await rootId(page);
  await uploadFile(page, root, "old.log", new TextEncoder().encode("old"));
  await drivePage.goto();
  await drivePage.select("old.log");
  await drivePage.selectionAction("Move to trash").click();
  await expect(drivePage.emptyState).toBeVisible();
  await trashPage.goto();
  await page.getByRole("button", { name: "Delete forever: old.log" }).click();
  await expect(trashPage.dialog).toContainText("can't be undone");
  await page.keyboard.press("Escape");
  await expect(trashPage.dialog).toBeHidden();
  await expect(trashPage.row("old.log")).toBeVisible();
  await trashPage.deleteForever("old.log");
  await expect(trashPage.emptyState).toBeVisible();
});

test("sorting by a column header orders the listing (from the local index) and says so with aria-sort", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  const root = await rootId(page);
  await createFolder(page, root, "Zeta");
  await createFolder(page, root, "Alpha");
  await uploadFile(page, root, "big.bin", randomBytes(50_000, 3));
  await uploadFile(page, root, "small.txt", new TextEncoder().encode("hi"));
  await uploadFile(page, root, "medium.bin", randomBytes(5_000, 4));
  await drivePage.goto();
  await expect(drivePage.columnHeader("Name")).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => drivePage.names()).toEqual(["Alpha", "Zeta", "big.bin", "medium.bin", "small.txt"]);

  await drivePage.sortBy("Name");
  await expect(drivePage.columnHeader("Name")).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => drivePage.names()).toEqual(["Zeta", "Alpha", "small.txt", "medium.bin", "big.bin"]);

  await drivePage.sortBy("Size");
  await expect(drivePage.columnHeader("Size")).toHaveAttribute("aria-sort", "descending");
  await expect(drivePage.columnHeader("Name")).not.toHaveAttribute("aria-sort");
  // Folders first, always; then files largest first.
  await expect
    .poll(async () => (await drivePage.names()).slice(2))
    .toEqual(["big.bin", "medium.bin", "small.txt"]);
  await drivePage.sortBy("Size");
  await expect
    .poll(async () => (await drivePage.names()).slice(2))
    .toEqual(["small.txt", "medium.bin", "big.bin"]);

  // The order is remembered.
  await page.reload();
  await expect(drivePage.columnHeader("Size")).toHaveAttribute("aria-sort", "ascending");
});

test("keyboard: arrows move the selection, Enter opens a folder, F2 renames, Delete trashes", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  const root = await rootId(page);
  const docs = await createFolder(page, root, "Docs");
  await uploadFile(page, docs, "inside.txt", new TextEncoder().encode("inside"));
  await uploadFile(page, root, "first.txt", new TextEncoder().encode("1"));
  await uploadFile(page, root, "second.txt", new TextEncoder().encode("2"));
  await drivePage.goto();
  await expect(drivePage.row("second.txt")).toBeVisible();

  // Tab into the grid: past the header controls, one stop, on the first row.
  await drivePage.columnHeader("Modified").getByRole("button").focus();
  await page.keyboard.press("Tab");
  await expect(drivePage.row("Docs")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(drivePage.listing.locator("tbody tr:focus")).toHaveCount(0);
  await page.keyboard.press("Shift+Tab");
  await expect(drivePage.row("Docs")).toBeFocused();

  await page.keyboard.press("ArrowDown");
  await expect(drivePage.row("first.txt")).toBeFocused();
  await expect.poll(() => drivePage.selectedNames()).toEqual(["first.txt"]);
  await page.keyboard.press("Shift+ArrowDown");
  await expect.poll(() => drivePage.selectedNames()).toEqual(["first.txt", "second.txt"]);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(drivePage.row("Docs")).toBeFocused();
  await expect.poll(() => drivePage.selectedNames()).toEqual(["Docs"]);

  await page.keyboard.press("Enter");
  await expect(drivePage.heading).toHaveText("Docs");
  await expect(drivePage.row("inside.txt")).toBeVisible();
  await page.goBack();
  await expect(drivePage.heading).toHaveText("My files");

  await drivePage.row("first.txt").focus();
  await page.keyboard.press("F2");
  const input = drivePage.dialog.getByLabel("New name");
  await expect(input).toBeFocused();
  // The base name is selected, so typing keeps the extension.
  await page.keyboard.type("renamed");
  await expect(input).toHaveValue("renamed.txt");
  await page.keyboard.press("Enter");
  await expect(drivePage.dialog).toBeHidden();
  await expect(drivePage.row("renamed.txt")).toBeVisible();

  await drivePage.row("renamed.txt").focus();
  await page.keyboard.press("Delete");
  await expect(drivePage.toast).toContainText("“renamed.txt” moved to trash");
  await expect(drivePage.row("renamed.txt")).toHaveCount(0);
  // Focus stays in the listing.
  await expect(drivePage.listing.locator("tbody tr:focus")).toHaveCount(1);

  // Escape closes a dialog and focus returns to where it was.
  await drivePage.row("second.txt").focus();
  await page.keyboard.press("F2");
  await expect(drivePage.dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drivePage.dialog).toBeHidden();
  await expect(drivePage.row("second.txt")).toBeFocused();
});

test("selecting several files downloads each of them", async ({ page, signedIn: _, drivePage }) => {
  const root = await rootId(page);
  await uploadFile(page, root, "one.txt", new TextEncoder().encode("one"));
  await uploadFile(page, root, "two.txt", new TextEncoder().encode("two"));
  await drivePage.goto();
  await drivePage.listing.getByRole("checkbox", { name: "Select all" }).check();
  await expect.poll(() => drivePage.selectedNames()).toEqual(["one.txt", "two.txt"]);
  const names: string[] = [];
  page.on("download", (d) => names.push(d.suggestedFilename()));
  await drivePage.selectionAction("Download").click();
  await expect.poll(() => names.sort()).toEqual(["one.txt", "two.txt"]);
});
