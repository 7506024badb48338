/** What each OAuth scope lets an app do, in the words the consent screen uses (docs/oauth.md). */
export const SCOPE_WORDS: Record<string, string> = {
  "files.read": "See and download your files and folders",
  "files.write": "Create, change, move, trash and upload files and folders (and see them)",
  sharing: "Share your files and folders with people, and make or remove public links",
  offline_access: "Keep this access until you remove it, without asking you again",
};

/** The requested scopes we know, in a stable order; unknown ones are left to the server to refuse. */
export function describeScopes(scope: string | null): { scope: string; words: string }[] {
  const asked = new Set((scope ?? "").split(/\s+/).filter(Boolean));
  return Object.entries(SCOPE_WORDS)
    .filter(([s]) => asked.has(s))
    .map(([s, words]) => ({ scope: s, words }));
}
