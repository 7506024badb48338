import type { Metadata } from "next";
import { AuthCard } from "../../components/auth-card";
import { ClientOnly } from "../../components/client-only";
import { ConsentView } from "./consent-view";

export const metadata: Metadata = { title: "Allow access" };

/**
 * /oauth/consent: where the authorization server (better-auth's oauth-provider, docs/oauth.md)
 * sends a signed-in person to allow or decline a partner app's request. It reads the signed
 * authorization request from its own URL, so it renders in the browser only.
 */
export default function ConsentPage() {
  return (
    <AuthCard title="Allow access?" subtitle="An app is asking to use your Cairn.">
      <ClientOnly>
        <ConsentView />
      </ClientOnly>
    </AuthCard>
  );
}
