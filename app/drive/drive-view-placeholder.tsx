"use client";

import { AppShell } from "../components/app-shell";

/** What a drive or file page shows before it knows which folder or file it is (server HTML). */
export function DriveViewPlaceholder() {
  return (
    <AppShell busy>
      <p className="muted listing-placeholder">Loading…</p>
    </AppShell>
  );
}
