/** Signed-up users for integration tests: a cookie client switched to a personal access token. */
import { CairnClient } from "@/lib/client/cairn-client";
import { TestClient } from "./client";
import type { TestServer } from "./server-harness";

export interface TestUser {
  email: string;
  token: string;
  /** GraphQL over HTTP with the token. */
  http: TestClient;
  /** GraphQL over HTTP with the signed-in session's cookie (for what only a session may do). */
  session: TestClient;
  /** The upload/download client with the token. */
  client: CairnClient;
  rootId: string;
  userId: string;
}

export async function newTestUser(server: Pick<TestServer, "url">): Promise<TestUser> {
  const http = new TestClient(server.url);
  const { email } = await http.signUp();
  const { createAccessToken } = await http.must(
    `mutation { createAccessToken(input: {name: "t"}) { token } }`,
  );
  const { root, me } = await http.must("{ root { id } me { id } }");
  const session = new TestClient(server.url);
  session.cookies = new Map(http.cookies);
  http.token = createAccessToken.token;
  const client = new CairnClient({ baseUrl: server.url, token: createAccessToken.token });
  return { email, token: createAccessToken.token, http, session, client, rootId: root.id, userId: me.id };
}

/** The first error code of a GraphQL answer, or "ok". */
export function outcome(r: { errors?: { extensions?: { code?: string } }[] }): string {
  return r.errors?.length ? String(r.errors[0]!.extensions?.code) : "ok";
}
