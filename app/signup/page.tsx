import type { Metadata } from "next";
import { AuthCard } from "../components/auth-card";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <AuthCard title="Create your account" subtitle="Store, sync and share files on your own server.">
      <SignUpForm />
    </AuthCard>
  );
}
