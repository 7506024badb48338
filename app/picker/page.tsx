import type { Metadata } from "next";
import { Suspense } from "react";
import { ClientOnly } from "../components/client-only";
import { PickerView } from "./picker-view";

export const metadata: Metadata = { title: "Choose from Cairn" };

/**
 * /picker: the popup that partner pages open through /embed/cairn.js (docs/partner-apps.md) to
 * choose files from Cairn (Chooser) or save files into it (Saver). Everything depends on the URL
 * and on the opener, so it renders in the browser only.
 */
export default function PickerPage() {
  return (
    <ClientOnly fallback={<p className="muted picker-empty">Loading…</p>}>
      <Suspense>
        <PickerView />
      </Suspense>
    </ClientOnly>
  );
}
