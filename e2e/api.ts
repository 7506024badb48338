/** Direct GraphQL calls for test setup, with the page's session cookie (and a same-origin Origin). */
import { expect, type Page } from "@playwright/test";

export async function graphqlRequest<T = any>(
  page: Page,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const origin = new URL(page.url() === "about:blank" ? "http://127.0.0.1:3000" : page.url()).origin;
  const response = await page.request.post("/api/graphql", {
    data: { query, variables },
    headers: { origin },
  });
  const body = await response.json();
  expect(body.errors, `GraphQL errors for ${query.slice(0, 60)}`).toBeUndefined();
  return body.data as T;
}

/** Creates folders named `names` under the root, in batches that stay within the alias limit. */
export async function createRootFolders(page: Page, names: string[]): Promise<void> {
  const { root } = await graphqlRequest<{ root: { id: string } }>(page, "{ root { id } }");
  for (let i = 0; i < names.length; i += 25) {
    const batch = names.slice(i, i + 25);
    const fields = batch.map(
      (name, j) =>
        `f${j}: createFolder(input: { parentId: ${JSON.stringify(root.id)}, name: ${JSON.stringify(name)} }) { node { id } }`,
    );
    await graphqlRequest(page, `mutation { ${fields.join("\n")} }`);
  }
}
