import type { MetadataRoute } from "next";

/**
 * The web app manifest, served at /manifest.webmanifest (Next links it from every page): what
 * makes Cairn installable. Icons are PNGs rendered from app/icon.svg by scripts/build-icons.mjs.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/drive",
    name: "Cairn",
    short_name: "Cairn",
    description: "Your files, on your own server. Works offline after the first visit.",
    start_url: "/drive",
    scope: "/",
    display: "standalone",
    // The splash screen and the title bar before the page paints: the light theme's page
    // background. Pages then set the colour of the system's scheme (theme-color meta tags with
    // media queries, app/layout.tsx), which the manifest cannot express.
    background_color: "#f6f7f9",
    theme_color: "#f6f7f9",
    categories: ["productivity", "utilities"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
