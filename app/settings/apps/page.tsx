import type { Metadata } from "next";
import { AppShell } from "../../components/app-shell";
import { ClientOnly } from "../../components/client-only";
import { AppsView } from "./apps-view";

export const metadata: Metadata = { title: "Apps" };

/** /settings/apps: register partner apps (Chooser, Saver, OAuth) and manage them. */
export default function AppsPage() {
  return (
    <AppShell>
      <ClientOnly>
        <AppsView />
      </ClientOnly>
    </AppShell>
  );
}
