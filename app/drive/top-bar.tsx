"use client";

import Link from "next/link";
import { type ReactNode, useState } from "react";
import { Logo } from "../components/logo";
import { authClient } from "../lib/auth-client";

/** The drive's header: the brand, the sync status, who is signed in, and Sign out. */
export function TopBar({
  email,
  status,
  onSignedOut,
}: {
  email: string | undefined;
  status?: ReactNode;
  onSignedOut: () => void;
}) {
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setSigningOut(true);
    setError(null);
    const result = await authClient.signOut().catch(() => ({ error: { status: 0 } }));
    if (result.error) {
      setError("Couldn't sign out. Check your connection and try again.");
      setSigningOut(false);
      return;
    }
    onSignedOut();
  }

  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/drive" className="topbar-brand" aria-label="Cairn, my files">
          <Logo />
        </Link>
        <div className="topbar-user">
          {error && (
            <p className="topbar-error" role="alert">
              {error}
            </p>
          )}
          {status}
          {email && (
            <span className="topbar-email" data-testid="user-email">
              {email}
            </span>
          )}
          <button type="button" className="button" onClick={signOut} disabled={signingOut}>
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </div>
    </header>
  );
}
