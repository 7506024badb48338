/**
 * better-auth's React client for the browser. Same origin as the pages, so no baseURL: it talks
 * to /api/auth on whatever host served the page.
 *
 * With the oauth-provider's client plugin: when a partner app's authorization request sent the
 * person to sign in (or up), the page's URL carries that signed request, the plugin sends it
 * with the sign-in, and the server answers with where the OAuth flow goes on (`{redirect, url}`),
 * to which better-auth's client navigates by itself.
 */
import { oauthProviderClient } from "@better-auth/oauth-provider/client";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({ plugins: [oauthProviderClient()] });

/** True when a sign-in or sign-up answer continues a partner app's OAuth flow elsewhere. */
export function continuesOAuth(data: unknown): boolean {
  const d = data as { redirect?: unknown; url?: unknown } | null;
  return d?.redirect === true && typeof d.url === "string";
}

/** The query to carry between sign-in and sign-up: an OAuth request's signed parameters. */
export function oauthSearch(search: string): string {
  return new URLSearchParams(search).has("sig") ? search : "";
}

/** An error as better-auth's client returns it (`{ data, error }`, never thrown). */
export interface AuthClientError {
  code?: string | undefined;
  message?: string | undefined;
  status: number;
}

/** A sentence for someone at a sign-in or sign-up form: never a stack or a raw server message. */
export function describeAuthError(error: AuthClientError): string {
  if (error.status === 429) return "Too many attempts. Wait a minute, then try again.";
  switch (error.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
    case "INVALID_PASSWORD":
    case "USER_NOT_FOUND":
      return "That email and password don't match an account. Check them and try again.";
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return "An account with this email already exists. Sign in instead.";
    case "INVALID_EMAIL":
      return "Enter a valid email address.";
    case "PASSWORD_TOO_SHORT":
      return "Use a password of at least 8 characters.";
    case "PASSWORD_TOO_LONG":
      return "That password is too long (256 characters at most).";
  }
  if (error.status === 0 || error.status >= 500) {
    return "Cairn can't be reached right now. Check your connection and try again.";
  }
  return "Something went wrong. Please try again.";
}

/**
 * Where to go after signing in: the `next` query parameter when it is a path on this site
 * (never another origin: "//evil.example" and "/\\evil.example" are refused), else /drive.
 */
export function afterSignIn(search: string): string {
  const next = new URLSearchParams(search).get("next");
  if (next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) return next;
  return "/drive";
}
