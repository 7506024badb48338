"use client";
/** Who is signed in (for the top bar), and the way to the sign-in page when nobody is. */
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { MeQuery } from "../drive/operations";
import { gql, isGraphQLRequestError } from "./gql";

/** A function that sends the visitor to sign in, coming back to this page afterwards. */
export function useToSignIn(): () => void {
  const router = useRouter();
  const pathname = usePathname();
  return useCallback(() => {
    const here = `${pathname}${typeof window === "undefined" ? "" : window.location.search}`;
    router.replace(`/signin?next=${encodeURIComponent(here)}`);
  }, [router, pathname]);
}

/** True (and on its way to /signin) when the error says the session is gone. */
export function isSignedOut(error: unknown): boolean {
  return isGraphQLRequestError(error) && error.code === "UNAUTHENTICATED";
}

export function useMe(): { email: string; name: string } | null {
  const [me, setMe] = useState<{ email: string; name: string } | null>(null);
  const toSignIn = useToSignIn();
  useEffect(() => {
    let cancelled = false;
    gql(MeQuery).then(
      (data) => !cancelled && setMe(data.me),
      (error) => {
        if (!cancelled && isSignedOut(error)) toSignIn();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [toSignIn]);
  return me;
}
