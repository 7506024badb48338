/**
 * Chunk + hash throughput inside Chromium's worker, as the app does it, beside Node's plain
 * SHA-256 in the same run, and the longest main-thread task while the worker hashes.
 *
 *   npx tsx bench/browser-chunking.ts [--mib 1024]
 *
 * How: starts the production server the way a user does (`npm start`: builds the web app if it is
 * stale) on a free port with a temp data directory, signs a user up, opens /drive in Debian's
 * Chromium, builds a 1 GiB Blob of random bytes in the page (part by part, so it is never held
 * twice), and drops it on the page as a File. The drive's own upload code hashes it in its worker
 * (workers/chunker.worker.ts, from the production build); the upload is held before anything is
 * sent (prepareUpload never answers) and cancelled afterwards. The hashing time is the app's
 * `cairn:hash` User Timing measure; a PerformanceObserver records long tasks (the API reports
 * tasks of 50 ms and more: 0 means none reached 50 ms) on the main thread meanwhile. Node's
 * `createHash("sha256")` is timed over 1 GiB in this process (best of 2).
 *
 * Measures, never asserts. Targets: mibPerS ≥ 0.5 × nodeSha256MibPerS; longestMainTaskMs < 50.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/chromium";

const MiB = 1024 * 1024;
const REPO = fileURLToPath(new URL("../", import.meta.url));

export interface BrowserChunkingResults {
  mibPerS: number;
  nodeSha256MibPerS: number;
  ratio: number;
  longestMainTaskMs: number;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` (build if stale, then serve) on `port`; resolves once /api/health answers. */
async function startProductionServer(
  port: number,
  dataDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CAIRN_DATA_DIR: dataDir };
  env.CAIRN_AUTH_RATE_LIMIT = "off";
  for (const name of ["DATABASE_URL", "CAIRN_PUBLIC_URL", "CAIRN_BLOCKSTORE", "CAIRN_SECRET"])
    delete env[name];
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 300_000; // a first build takes about a minute
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the server did not answer within 5 minutes:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Node's plain SHA-256 over `mib` MiB of random bytes, MiB/s (best of 2). */
function nodeSha256MibPerS(mib: number): number {
  const buf = Buffer.allocUnsafe(mib * MiB);
  for (let at = 0; at < buf.length; at += 64 * MiB)
    randomFillSync(buf, at, Math.min(64 * MiB, buf.length - at));
  let best = 0;
  for (let run = 0; run < 2; run++) {
    const t0 = performance.now();
    const hash = createHash("sha256");
    for (let at = 0; at < buf.length; at += 16 * MiB) hash.update(buf.subarray(at, at + 16 * MiB));
    hash.digest();
    best = Math.max(best, mib / ((performance.now() - t0) / 1000));
  }
  return best;
}

/** The in-page part: build a Blob, drop it as a File, wait for the app's `cairn:hash` measure. */
async function hashInPage(
  page: import("@playwright/test").Page,
  mib: number,
  name: string,
): Promise<{ ms: number; longestTaskMs: number; longTasks: number }> {
  await page.evaluate(
    async ({ mib, name }) => {
      const w = window as unknown as { __benchFile?: File };
      let blob = new Blob([]);
      const part = new Uint8Array(16 * 1024 * 1024);
      for (let done = 0; done < mib * 1024 * 1024; done += part.length) {
        const piece = part.subarray(0, Math.min(part.length, mib * 1024 * 1024 - done));
        for (let at = 0; at < piece.length; at += 65536)
          crypto.getRandomValues(piece.subarray(at, at + 65536));
        // Blob parts are copied into the browser's blob store: the page keeps one 16 MiB buffer.
        blob = new Blob([blob, piece]);
        await new Promise((r) => setTimeout(r, 0));
      }
      w.__benchFile = new File([blob], name, { type: "application/octet-stream" });
    },
    { mib, name },
  );
  return page.evaluate(async (name) => {
    const w = window as unknown as { __benchFile: File };
    const tasks: { start: number; duration: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: "longtask", buffered: false });
    const before = performance.getEntriesByName("cairn:hash").length;
    const data = new DataTransfer();
    data.items.add(w.__benchFile);
    const target = document.querySelector("main") ?? document.body;
    target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    for (;;) {
      const measures = performance.getEntriesByName("cairn:hash");
      if (measures.length > before) {
        const m = measures.at(-1)!;
        await new Promise((r) => setTimeout(r, 100)); // let the observer deliver
        observer.disconnect();
        const during = tasks.filter(
          (t) => t.start + t.duration >= m.startTime && t.start <= m.startTime + m.duration,
        );
        return {
          ms: m.duration,
          longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
          longTasks: during.length,
        };
      }
      const failed = document.querySelector(`li[aria-label="${name}"][data-phase="failed"]`);
      if (failed) throw new Error(`hashing ${name} failed in the page: ${failed.textContent}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }, name);
}

export async function benchBrowserChunking(opts: { mib?: number } = {}): Promise<BrowserChunkingResults> {
  const mib = opts.mib ?? 1024;
  const dataDir = await mkdtemp(path.join(tmpdir(), "cairn-bench-browser-"));
  const port = await freePort();
  log(`browser chunking: starting the production server on :${port} (builds the web app if stale)`);
  const server = await startProductionServer(port, dataDir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") log(`page ${m.type()}: ${m.text()}`);
    });
    const email = `bench-${Date.now()}@example.test`;
    const signUp = await page.request.post(`${server.url}/api/auth/sign-up/email`, {
      data: { name: "Bench", email, password: `pw-${Date.now()}-bench` },
      headers: { origin: server.url },
    });
    if (!signUp.ok()) throw new Error(`sign-up answered ${signUp.status()}`);
    // Nothing is sent: prepareUpload is held until the upload is cancelled.
    await page.route("**/api/graphql", async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string } | null;
      if (body?.operationName === "UploadPrepare") return; // never answered
      await route.continue();
    });
    await page.goto(`${server.url}/drive`);
    await page.getByRole("button", { name: "Upload", exact: true }).waitFor();

    // Warm-up: starts the worker and compiles its code.
    await hashInPage(page, 32, "warm-up.bin");
    const run = await hashInPage(page, mib, "bench.bin");
    for (const name of ["warm-up.bin", "bench.bin"]) {
      await page.getByRole("button", { name: `Cancel upload of ${name}` }).click();
    }

    const mibPerS = mib / (run.ms / 1000);
    log(`browser chunking: ${mib} MiB hashed in the worker in ${(run.ms / 1000).toFixed(2)} s`);
    log(
      `browser chunking: ${run.longTasks} main-thread task(s) of 50 ms or more while hashing` +
        (run.longTasks ? `, longest ${run.longestTaskMs.toFixed(0)} ms` : ""),
    );
    await browser.close();
    const node = nodeSha256MibPerS(mib);
    return {
      mibPerS: Math.round(mibPerS),
      nodeSha256MibPerS: Math.round(node),
      ratio: Math.round((mibPerS / node) * 100) / 100,
      longestMainTaskMs: Math.round(run.longestTaskMs),
    };
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--mib");
  const mib = i > 0 ? Number(process.argv[i + 1]) : undefined;
  const result = await benchBrowserChunking({ mib });
  console.log(JSON.stringify({ browserChunking: result }, null, 2));
  console.log(
    `targets: ratio ${result.ratio} (≥ 0.5: ${result.ratio >= 0.5 ? "ok" : "missed"}), ` +
      `longest main-thread task ${result.longestMainTaskMs} ms (< 50: ${result.longestMainTaskMs < 50 ? "ok" : "missed"})`,
  );
}
