import type { Metadata } from "next";
import { LinkView } from "../link-view";

export const metadata: Metadata = {
  title: "Shared link",
  // The token is in the URL: keep it out of search engines and out of other sites' Referer.
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * /s/<token>: what a public link opens (docs/sharing.md), for anyone holding the URL, signed in
 * or not. Everything is fetched in the browser with the token (and the grant the password gives).
 */
export default async function LinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // A malformed escape: keep it as written (the server will not know the link).
  }
  return <LinkView token={decoded} />;
}
