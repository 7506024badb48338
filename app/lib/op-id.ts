/**
 * Client op ids: a mutation retried with the same opId is applied once. crypto.randomUUID only
 * exists in secure contexts (https, localhost), and a self-hosted Cairn is often browsed over
 * plain http on a LAN address, so fall back to getRandomValues, which works everywhere.
 */
export function newOpId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
