import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ToastProvider } from "./components/toast";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Cairn", template: "%s · Cairn" },
  description: "Your files, on your own server.",
  applicationName: "Cairn",
  // The manifest link comes from app/manifest.ts and the icon links from app/icon.svg,
  // app/favicon.ico and app/apple-icon.png (file conventions: setting `icons` here would replace
  // them). iOS ignores the manifest's display mode: it reads these.
  appleWebApp: { capable: true, title: "Cairn", statusBarStyle: "default" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  // The browser's and the installed app's title bar: the page background of each colour scheme.
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#121417" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ToastProvider>{children}</ToastProvider>
      </body>
    </html>
  );
}
