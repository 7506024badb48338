/**
 * A partner site for the Chooser/Saver tests: a tiny HTTP server on its own port (so its origin
 * differs from Cairn's) serving one page that includes Cairn's /embed/cairn.js the way a partner
 * would, and records what it receives; and `/callback`, its OAuth redirect URI.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface PartnerSite {
  origin: string;
  close(): Promise<void>;
}

/** Same generator as e2e/api.ts randomBytes (xorshift32), for bytes the Saver test can predict. */
const XORSHIFT = `function xorshiftBytes(size, seed) {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}`;

function page(cairnUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner Mail</title><link rel="icon" href="data:,">
<script src="${cairnUrl}/embed/cairn.js"></script></head>
<body>
<h1>Partner Mail</h1>
<button id="choose" type="button">Attach from Cairn</button>
<button id="save" type="button">Save to Cairn</button>
<script>
${XORSHIFT}
window.received = [];
window.addEventListener("message", (e) => window.received.push({ origin: e.origin, data: e.data }));
const q = new URLSearchParams(location.search);
const appKey = q.get("appKey");
document.getElementById("choose").onclick = () => Cairn.choose({
  appKey, multiselect: true, linkType: "direct",
  success: (files) => { window.chosen = files; },
  cancel: () => { window.cancelled = true; },
});
document.getElementById("save").onclick = () => Cairn.save({
  appKey,
  files: [{ filename: q.get("filename") || "saved.bin", data: new Blob([xorshiftBytes(Number(q.get("size")), Number(q.get("seed")))]) }],
  success: (files) => { window.saved = files; },
  cancel: () => { window.cancelled = true; },
});
/** Fetches a URL cross-origin; resolves to {status, sha256} (sha256 of the body, hex). */
window.fetchHash = async (url) => {
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  const digest = await crypto.subtle.digest("SHA-256", body);
  return { status: res.status, sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("") };
};
</script>
</body></html>`;
}

export async function startPartnerSite(cairnUrl: string): Promise<PartnerSite> {
  const server: Server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === "/callback") {
      // Where Cairn's OAuth server sends the person back (the test reads code and state from the URL).
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner Notes</title><link rel="icon" href="data:,"></head><body><h1>Back at Partner Notes</h1></body></html>`,
        );
      return;
    }
    if (pathname !== "/") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(cairnUrl));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // Another port: another origin than Cairn's.
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
