/**
 * Chunk + hash throughput inside Chromium's worker, as the app does it, beside Node's plain
 * SHA-256 in the same run, and the longest main-thread task while the worker hashes.
 *
 *   npx tsx bench/browser-chunking.ts [--mib 1024]
 *
 * How: starts the production server the way a user does (`npm start`: builds the web app if it is
 * stale) on a free port with a temp data directory, and Debian's Chromium with a real (temporary)
 * profile, not an incognito context, so IndexedDB and blobs live on disk as they do for users.
 * Signs a user up, opens /drive and picks a 1 GiB file of random bytes with the Upload button. The
 * drive's own upload code hashes it in its workers (workers/chunker.worker.ts and the hashing worker
 * it starts, from the production build) while it saves the upload to IndexedDB, exactly as for a
 * user; the upload is then held
 * (prepareUpload is never answered) and cancelled, so nothing is sent. The hashing time is the
 * app's `cairn:hash` User Timing measure (after a 32 MiB warm-up); a PerformanceObserver records
 * main-thread long tasks meanwhile (the API reports tasks of 50 ms and more: 0 means none reached
 * 50 ms). Node's `createHash("sha256")` is timed over the same 1 GiB in memory (best of 2).
 *
 * Why a file and not a Blob generated in the page: this Chromium refuses to read in-memory Blobs
 * over ~256 MiB (NotReadableError, or a crashed page in a worker); a picked file is what users
 * upload anyway, and it is never held in memory.
 *
 * Measures, never asserts. Targets: mibPerS ≥ 0.5 × nodeSha256MibPerS; longestMainTaskMs < 50.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
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

/** Node's plain SHA-256 over `buf` (in memory), MiB/s (best of 2). */
function nodeSha256MibPerS(buf: Buffer): number {
  const mib = buf.length / MiB;
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

/**
 * Picks `file` with the drive's Upload button (a disk-backed File, as a user's would be) and waits
 * for the app's `cairn:hash` measure, watching main-thread long tasks meanwhile.
 */
async function hashInPage(
  page: Page,
  file: string,
): Promise<{ ms: number; longestTaskMs: number; longTasks: number; taskOffsets: number[] }> {
  const name = path.basename(file);
  await page.evaluate(() => {
    const w = window as unknown as {
      __bench: { tasks: { start: number; duration: number }[]; observer: PerformanceObserver };
    };
    const tasks: { start: number; duration: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: "longtask", buffered: false });
    w.__bench = { tasks, observer };
  });
  const before = await page.evaluate(() => performance.getEntriesByName("cairn:hash").length);
  await page.getByTestId("upload-files-input").setInputFiles(file);
  return page.evaluate(
    async ({ before, name }) => {
      const w = window as unknown as {
        __bench: { tasks: { start: number; duration: number }[]; observer: PerformanceObserver };
      };
      for (;;) {
        const measures = performance.getEntriesByName("cairn:hash");
        if (measures.length > before) {
          const m = measures.at(-1)!;
          await new Promise((r) => setTimeout(r, 100)); // let the observer deliver
          w.__bench.observer.disconnect();
          const during = w.__bench.tasks.filter(
            (t) => t.start + t.duration >= m.startTime && t.start <= m.startTime + m.duration,
          );
          return {
            ms: m.duration,
            longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
            longTasks: during.length,
            // When each began, relative to the start of hashing (for the log).
            taskOffsets: during.map((t) => Math.round(t.start - m.startTime)),
          };
        }
        const failed = document.querySelector(`li[aria-label="${name}"][data-phase="failed"]`);
        if (failed) throw new Error(`hashing ${name} failed in the page: ${failed.textContent}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    { before, name },
  );
}

export async function benchBrowserChunking(opts: { mib?: number } = {}): Promise<BrowserChunkingResults> {
  const mib = opts.mib ?? 1024;
  const executablePath = chromiumPath(); // before starting anything: without Chromium, nothing to stop
  const work = await mkdtemp(path.join(tmpdir(), "cairn-bench-browser-"));
  const dataDir = path.join(work, "data");
  const port = await freePort();
  log(`browser chunking: starting the production server on :${port} (builds the web app if stale)`);
  const server = await startProductionServer(port, dataDir);
  let context: BrowserContext | undefined;
  try {
    // A real profile (not an incognito context), as users have: IndexedDB and blobs on disk.
    context = await chromium.launchPersistentContext(path.join(work, "profile"), {
      executablePath,
      args: CHROMIUM_ARGS,
    });
    // The input: random bytes in a file, picked like a user's; the same bytes time Node's SHA-256.
    const bytes = Buffer.allocUnsafe(mib * MiB);
    for (let at = 0; at < bytes.length; at += 64 * MiB)
      randomFillSync(bytes, at, Math.min(64 * MiB, bytes.length - at));
    const input = path.join(work, "bench.bin");
    await writeFile(input, bytes);
    const warmUp = path.join(work, "warm-up.bin");
    await writeFile(warmUp, bytes.subarray(0, 32 * MiB));

    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") log(`page ${m.type()}: ${m.text()}`);
    });
    const signUp = await page.request.post(`${server.url}/api/auth/sign-up/email`, {
      data: { name: "Bench", email: `bench-${Date.now()}@example.test`, password: `pw-${Date.now()}-bench` },
      headers: { origin: server.url },
    });
    if (!signUp.ok()) throw new Error(`sign-up answered ${signUp.status()}`);
    // Nothing is sent: prepareUpload is held (never answered) until the uploads are cancelled.
    await page.route("**/api/graphql", async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string } | null;
      if (body?.operationName === "UploadPrepare") return;
      await route.continue();
    });
    await page.goto(`${server.url}/drive`);
    await page.getByRole("button", { name: "Upload", exact: true }).waitFor();

    await hashInPage(page, warmUp); // starts the worker and compiles its code
    const run = await hashInPage(page, input);
    for (const name of ["warm-up.bin", "bench.bin"]) {
      await page.getByRole("button", { name: `Cancel upload of ${name}` }).click();
    }
    const mibPerS = mib / (run.ms / 1000);
    log(`browser chunking: ${mib} MiB hashed in the worker in ${(run.ms / 1000).toFixed(2)} s`);
    log(
      `browser chunking: ${run.longTasks} main-thread task(s) of 50 ms or more while hashing` +
        (run.longTasks
          ? `, longest ${run.longestTaskMs.toFixed(0)} ms (starting ${run.taskOffsets.join(", ")} ms after hashing began)`
          : ""),
    );
    await context.close();
    const node = nodeSha256MibPerS(bytes);
    return {
      mibPerS: Math.round(mibPerS),
      nodeSha256MibPerS: Math.round(node),
      ratio: Math.round((mibPerS / node) * 100) / 100,
      longestMainTaskMs: Math.round(run.longestTaskMs),
    };
  } finally {
    await context?.close().catch(() => {});
    await server.stop();
    await rm(work, { recursive: true, force: true });
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
