"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { afterSignIn, authClient, continuesOAuth, describeAuthError, oauthSearch } from "../lib/auth-client";

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [carry, setCarry] = useState("");
  useEffect(() => setCarry(oauthSearch(window.location.search)), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSubmitting(true);
    setError(null);
    try {
      const result = await authClient.signIn.email({
        email: String(form.get("email") ?? "").trim(),
        password: String(form.get("password") ?? ""),
      });
      if (result.error) {
        setError(describeAuthError(result.error));
        setSubmitting(false);
        return;
      }
      // A partner app's authorization goes on (the auth client navigates there).
      if (continuesOAuth(result.data)) return;
    } catch {
      setError(describeAuthError({ status: 0 }));
      setSubmitting(false);
      return;
    }
    // Stay "submitting" (button disabled) until the drive has replaced this page.
    router.replace(afterSignIn(window.location.search));
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-describedby={error ? "signin-error" : undefined}>
      {error && (
        <p id="signin-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="signin-email">Email</label>
        <input id="signin-email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="signin-password">Password</label>
        <input
          id="signin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <button className="button primary block" type="submit" disabled={submitting}>
        {submitting ? "Signing in…" : "Sign in"}
      </button>
      <p className="form-footer muted">
        New to Cairn? <Link href={`/signup${carry}`}>Create an account</Link>
      </p>
    </form>
  );
}
