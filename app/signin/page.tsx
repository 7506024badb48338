import type { Metadata } from "next";
import { AuthCard } from "../components/auth-card";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <AuthCard title="Sign in" subtitle="Welcome back to your files.">
      <SignInForm />
    </AuthCard>
  );
}
