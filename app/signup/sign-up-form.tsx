"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { authClient, continuesOAuth, describeAuthError, oauthSearch } from "../lib/auth-client";

const MIN_PASSWORD_LENGTH = 8;

export function SignUpForm() {
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
      const result = await authClient.signUp.email({
        name: String(form.get("name") ?? "").trim(),
        email: String(form.get("email") ?? "").trim(),
        password: String(form.get("password") ?? ""),
      });
      if (result.error) {
        setError(describeAuthError(result.error));
        setSubmitting(false);
        return;
      }
      // Signed up in the middle of a partner app's authorization: it goes on from here.
      if (continuesOAuth(result.data)) return;
    } catch {
      setError(describeAuthError({ status: 0 }));
      setSubmitting(false);
      return;
    }
    // Accounts are signed in on creation: straight to the (empty) drive.
    router.replace("/drive");
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-describedby={error ? "signup-error" : undefined}>
      {error && (
        <p id="signup-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="signup-name">Name</label>
        <input id="signup-name" name="name" type="text" autoComplete="name" required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="signup-email">Email</label>
        <input id="signup-email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="signup-password">Password</label>
        <input
          id="signup-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          maxLength={256}
          aria-describedby="signup-password-hint"
        />
        <p id="signup-password-hint" className="field-hint">
          At least {MIN_PASSWORD_LENGTH} characters.
        </p>
      </div>
      <button className="button primary block" type="submit" disabled={submitting}>
        {submitting ? "Creating account…" : "Create account"}
      </button>
      <p className="form-footer muted">
        Already have an account? <Link href={`/signin${carry}`}>Sign in</Link>
      </p>
    </form>
  );
}
