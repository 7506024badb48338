import type { ReactNode } from "react";
import { Logo } from "./logo";

/** The centred card the sign-in and sign-up pages share. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <main className="auth">
      <div className="auth-brand">
        <Logo size={36} />
      </div>
      <section className="card auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        <p className="muted auth-subtitle">{subtitle}</p>
        {children}
      </section>
    </main>
  );
}
