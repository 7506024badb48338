/**
 * OAuth for partner apps (docs/oauth.md), in Chromium, with the partner's side played by a
 * standard client library (oauth4webapi) and its redirect URI served on another port: a signed-out
 * person is sent to sign in, sees the consent screen, allows, and comes back to the partner with
 * a code that gets a working token; removing the app in Settings stops the token at once.
 * graphql/oauth.test.ts covers the protocol's refusals (redirect URI, PKCE, scopes, refresh).
 */
import * as oauth from "oauth4webapi";
import { graphqlRequest } from "./api";
import { expect, test, uniqueUser } from "./fixtures";
import { ConsentPage } from "./pages/consent-page";
import { SignInPage } from "./pages/sign-in-page";
import { type PartnerSite, startPartnerSite } from "./partner/server";

const insecure = { [oauth.allowInsecureRequests]: true } as const;
let partner: PartnerSite;

test.beforeAll(async ({ baseURL }) => {
  partner = await startPartnerSite(baseURL!);
});

test.afterAll(async () => {
  await partner?.close();
});

/** `{ me { email } }` with a bearer token: the email, or the error code. */
async function meWith(baseURL: string, token: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ me { email } }" }),
  });
  const body = (await res.json()) as {
    data?: { me: { email: string } };
    errors?: { extensions: { code: string } }[];
  };
  return body.data?.me.email ?? body.errors?.[0]?.extensions.code ?? `HTTP ${res.status}`;
}

test("a partner app gets a token through sign-in and consent; removing the app stops it at once", async ({
  browser,
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const redirectUri = `${partner.origin}/callback`;
  // The person has an account and registered the partner's app (in another context: this page
  // starts signed out, as someone arriving from the partner's site would).
  const user = uniqueUser("oauth");
  const setup = await browser.newContext({ baseURL });
  const api = await setup.newPage();
  expect(
    (await api.request.post("/api/auth/sign-up/email", { data: user, headers: { origin: baseURL! } })).ok(),
  ).toBe(true);
  const { registerApp } = await graphqlRequest(
    api,
    `mutation($i: RegisterAppInput!) { registerApp(input: $i) { app { appKey } } }`,
    { i: { name: "Partner Notes", origins: [], redirectUris: [redirectUri] } },
  );
  await setup.close();

  // The partner: discovery, PKCE, the authorization URL.
  const issuer = new URL(`${baseURL}/api/auth`);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
  );
  const client: oauth.Client = { client_id: registerApp.app.appKey };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorize = new URL(as.authorization_endpoint!);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope: "files.read offline_access",
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  }))
    authorize.searchParams.set(k, v);

  // The person: sign in, then consent.
  await page.goto(authorize.href);
  const signIn = new SignInPage(page);
  await expect(signIn.heading).toBeVisible();
  await signIn.signIn(user);
  const consent = new ConsentPage(page);
  await expect(consent.heading).toBeVisible();
  await expect(page.getByText("Partner Notes wants to:")).toBeVisible();
  await expect(consent.scopes).toHaveText([/See and download your files/, /Keep this access/]);
  await expect(page.getByText(`Signed in as ${user.email}.`)).toBeVisible();
  await consent.allow.click();
  await page.waitForURL((url) => url.href.startsWith(redirectUri));
  await expect(page.getByRole("heading", { name: "Back at Partner Notes" })).toBeVisible();

  // The partner: code → tokens → the API, as the person.
  const params = oauth.validateAuthResponse(as, client, new URL(page.url()), state);
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      insecure,
    ),
  );
  expect(tokens.refresh_token).toBeTruthy();
  expect(await meWith(baseURL!, tokens.access_token)).toBe(user.email);

  // The person removes the app in Settings → Apps: the very next call is refused.
  page.on("dialog", (d) => d.accept());
  await page.goto("/settings/apps");
  const connected = page.getByRole("list", { name: "Connected apps" }).getByRole("listitem").filter({
    hasText: "Partner Notes",
  });
  await expect(connected.first()).toContainText("See and download your files");
  await connected.first().getByRole("button", { name: "Remove access" }).click();
  await expect(page.getByText("No app has access to your Cairn.")).toBeVisible();
  expect(await meWith(baseURL!, tokens.access_token)).toBe("UNAUTHENTICATED");
  const refreshed = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    tokens.refresh_token!,
    insecure,
  );
  await expect(oauth.processRefreshTokenResponse(as, client, refreshed)).rejects.toThrow();
});
