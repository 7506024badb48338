/**
 * Authentication: better-auth for accounts and cookie sessions (email + password), the OAuth 2.0
 * authorization server for partner apps (better-auth's oauth-provider plugin, docs/oauth.md),
 * personal access tokens for scripts, and the CSRF rule for cookie-authenticated writes.
 * `resolveActor` turns a request's headers into the Actor that lib/drive checks access for.
 */
import { oauthProvider } from "@better-auth/oauth-provider";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware } from "better-auth/api";
import { jwt } from "better-auth/plugins";
import type { Db } from "@/db";
import {
  accounts,
  jwks,
  oauthAccessTokens,
  oauthClientAssertions,
  oauthClientResources,
  oauthClients,
  oauthConsents,
  oauthRefreshTokens,
  oauthResources,
  sessions,
  users,
  verifications,
} from "@/db/schema";
import {
  type Actor,
  actorFor,
  actorForLink,
  actorForOAuthToken,
  credentialsRevoked,
  ensureHome,
  OAUTH_ACCESS_TOKEN_PREFIX,
  OAUTH_REFRESH_TOKEN_PREFIX,
  OAUTH_SCOPES,
  oauthTokenHash,
  userIdForToken,
} from "@/lib/drive";

export interface AuthOptions {
  db: Db;
  secret: string;
  publicUrl?: string | undefined;
  /** Rate limiting of sign-in/sign-up attempts (on by default). */
  rateLimit?: boolean;
}

/** How long OAuth tokens live: access tokens an hour, refresh tokens 30 days (rotated on use). */
export const OAUTH_ACCESS_TOKEN_TTL_SECONDS = 60 * 60;
export const OAUTH_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export function createAuth(options: AuthOptions) {
  const { db } = options;
  return betterAuth({
    appName: "Cairn",
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        jwks,
        oauthClient: oauthClients,
        oauthResource: oauthResources,
        oauthClientResource: oauthClientResources,
        oauthRefreshToken: oauthRefreshTokens,
        oauthAccessToken: oauthAccessTokens,
        oauthConsent: oauthConsents,
        oauthClientAssertion: oauthClientAssertions,
      },
    }),
    // The jwt plugin's session-to-JWT endpoint is not Cairn's: sessions stay cookies.
    disabledPaths: ["/token"],
    plugins: [
      // Required by the oauth-provider; Cairn's access tokens are opaque (no `resource` audience).
      jwt({ disableSettingJwtHeader: true }),
      oauthProvider({
        loginPage: "/signin",
        consentPage: "/oauth/consent",
        scopes: [...OAUTH_SCOPES, "offline_access"],
        grantTypes: ["authorization_code", "refresh_token"],
        // Apps are registered in Cairn's settings (lib/drive/apps.ts writes oauth_clients), never
        // through the plugin's client endpoints or dynamic registration.
        allowDynamicClientRegistration: false,
        clientPrivileges: () => false,
        accessTokenExpiresIn: OAUTH_ACCESS_TOKEN_TTL_SECONDS,
        refreshTokenExpiresIn: OAUTH_REFRESH_TOKEN_TTL_SECONDS,
        // One hashing rule for secrets and tokens (SHA-256 hex), so Cairn can look tokens up itself.
        storeClientSecret: { hash: oauthTokenHash },
        storeTokens: { hash: oauthTokenHash },
        prefix: { opaqueAccessToken: OAUTH_ACCESS_TOKEN_PREFIX, refreshToken: OAUTH_REFRESH_TOKEN_PREFIX },
      }),
    ],
    secret: options.secret,
    // Without CAIRN_PUBLIC_URL the origin comes from each request's Host (any host: a self-hosted
    // server is reached by whatever name its people use); set it in production.
    baseURL: options.publicUrl ?? { allowedHosts: ["*"] },
    basePath: "/api/auth",
    trustedOrigins: (request) => [options.publicUrl, request ? requestOrigin(request.headers) : undefined],
    emailAndPassword: { enabled: true, autoSignIn: true, minPasswordLength: 8, maxPasswordLength: 256 },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    rateLimit: { enabled: options.rateLimit ?? true, window: 60, max: 300 },
    advanced: {
      database: { generateId: () => crypto.randomUUID() },
      cookiePrefix: "cairn",
      useSecureCookies: options.publicUrl?.startsWith("https://") ?? false,
    },
    hooks: {
      // Sessions and tokens these end: the open sockets that used them are checked again at once
      // (lib/drive/revocations.ts), not at their next periodic check.
      after: createAuthMiddleware(async (ctx) => {
        if (REVOKING_PATHS.has(ctx.path)) credentialsRevoked(null);
      }),
    },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await ensureHome(db, user.id);
          },
        },
      },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** better-auth endpoints that end sessions or tokens. */
const REVOKING_PATHS = new Set([
  "/sign-out",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/change-password",
  "/delete-user",
  "/oauth2/revoke",
]);

/** A node:http request's headers as a Fetch `Headers` (what better-auth and our checks read). */
export function headersOf(req: { headers: Record<string, string | string[] | undefined> }): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  return headers;
}

/** The origin this request was addressed to, from its Host header (what a browser calls same-origin). */
export function requestOrigin(headers: Headers): string | undefined {
  const host = headers.get("host");
  if (!host) return undefined;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}

/**
 * CSRF rule for cookie-authenticated requests that change state: the browser must say the request
 * comes from our own origin. Browsers send Origin on every POST; `Sec-Fetch-Site` backs it up.
 * Non-browser clients that send neither are not a CSRF vector (no ambient cookies).
 */
export function isSameOrigin(headers: Headers, publicUrl: string | undefined): boolean {
  const origin = headers.get("origin");
  if (origin) {
    if (origin === "null") return false;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    if (publicUrl && origin === new URL(publicUrl).origin) return true;
    return host === headers.get("host");
  }
  const site = headers.get("sec-fetch-site");
  return !site || site === "same-origin" || site === "none";
}

/**
 * Who the request acts for: a `Bearer` personal access token, else the session cookie. Returns
 * null when neither is present or valid.
 *
 * Token → user and user → Actor are cached in this process for a few seconds (lib/drive
 * `AUTH_CACHE_TTL_MS`; revoking a token clears it here at once). Sessions are looked up in the
 * database on every request: better-auth's cookie cache would let a signed-out cookie keep working
 * until the cached copy expires, so it stays off.
 */
export async function resolveActor(db: Db, auth: Auth, headers: Headers, url?: URL): Promise<Actor | null> {
  // A public link (header for GraphQL, query parameters for content URLs) acts for the link only.
  const link = headers.get("x-cairn-link") ?? url?.searchParams.get("link");
  if (link) {
    const grant = headers.get("x-cairn-link-grant") ?? url?.searchParams.get("grant");
    return (await actorForLink(db, link, grant)) ?? null;
  }
  const authorization = headers.get("authorization");
  if (authorization) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token) return null;
    if (token.startsWith(OAUTH_ACCESS_TOKEN_PREFIX)) return (await actorForOAuthToken(db, token)) ?? null;
    const userId = await userIdForToken(db, token);
    return userId ? ((await actorFor(db, userId, "token")) ?? null) : null;
  }
  if (!headers.get("cookie")) return null;
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return (await actorFor(db, session.user.id, "session")) ?? null;
}
