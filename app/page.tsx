"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Logo } from "./components/logo";
import { authClient } from "./lib/auth-client";

/** The front door: signed-in visitors go to their drive, everyone else to sign in. */
export default function HomePage() {
  const router = useRouter();
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    let cancelled = false;
    authClient.getSession().then(
      ({ data, error }) => {
        if (cancelled) return;
        if (error && error.status !== 401) return setUnreachable(true);
        router.replace(data?.session ? "/drive" : "/signin");
      },
      () => !cancelled && setUnreachable(true),
    );
    return () => {
      cancelled = true;
    };
  }, [router]);

  return (
    <main className="splash" aria-busy={!unreachable}>
      <Logo size={40} />
      <h1 className="sr-only">Cairn</h1>
      {unreachable ? (
        <p role="alert">
          Cairn can&apos;t be reached right now. <a href="/">Try again</a>
        </p>
      ) : (
        <p className="muted">Opening your files…</p>
      )}
    </main>
  );
}
