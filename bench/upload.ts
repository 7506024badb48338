/**
 * Initial upload throughput through the real server on loopback: the server (bench/serve.ts) in
 * a child process on PGlite with the local-disk block store in a temp dir; the client in this
 * process uploads a generated file that is new to the server. MiB/s from the start of chunking to
 * the end of commitFile. Beside it, `cp` of the same file to the same disk.
 *
 * Both read a file that was just written, so it comes from the page cache for both; `cp` does not
 * fsync what it writes while the block store fsyncs every chunk and its folder. Nothing is
 * dropped from caches (that needs root): the comparison is the software path, not the disk.
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import path from "node:path";
import {
  cpuSeconds,
  cpuSince,
  GiB,
  log,
  MiB,
  newUser,
  profileSelf,
  randomBytesSeeded,
  seconds,
  startBenchServer,
  tempDir,
  writePieces,
} from "./harness";
import type { UploadResults } from "./report";

export interface UploadOptions {
  bytes?: number;
  /** Write a V8 CPU profile of the server process into this folder. */
  serverCpuProfDir?: string;
  /**
   * Write V8 CPU profiles of the measured upload only (not start-up or warm-up) into this folder:
   * `upload-server.cpuprofile` and `upload-client.cpuprofile`.
   */
  windowProfileDir?: string;
  concurrency?: number;
  /** Diagnosis only: run the server on this PostgreSQL database instead of PGlite. */
  databaseUrl?: string;
  /** Diagnosis only: extra environment for the server process (e.g. UV_THREADPOOL_SIZE). */
  serverEnv?: Record<string, string>;
}

export interface UploadDetail {
  bytes: number;
  seconds: number;
  /** From the start until the last chunk was cut and hashed (PUTs run meanwhile). */
  chunkSeconds: number;
  /** From the first byte sent until the last. */
  firstPutSeconds: number;
  /** From the end of chunking to the end of the commit: PUTs still in flight, then commitFile. */
  tailSeconds: number;
  /** Summed time of the GraphQL calls (prepareUpload batches, commitFile). */
  graphqlSeconds: number;
  chunks: number;
  cpSeconds: number;
  /** CPU seconds during the upload: main thread and whole process, client and server. */
  cpu?: { client?: { main: number; total: number }; server?: { main: number; total: number } };
}

const fmtCpu = (c: { main: number; total: number } | undefined) =>
  c ? `${c.total.toFixed(2)} s (${c.main.toFixed(2)} s on its main thread)` : "n/a";

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

export async function benchUpload(
  opts: UploadOptions = {},
): Promise<{ results: UploadResults; detail: UploadDetail; notes: string[] }> {
  const size = opts.bytes ?? GiB;
  const work = await tempDir("upload");
  const server = await startBenchServer({
    cpuProfDir: opts.serverCpuProfDir,
    databaseUrl: opts.databaseUrl,
    env: opts.serverEnv,
  });
  try {
    const { client, rootId } = await newUser(
      server.url,
      opts.concurrency ? { concurrency: opts.concurrency } : {},
    );
    const file = path.join(work.dir, "fresh.bin");
    await writePieces(file, [randomBytesSeeded(size, 0x0c0ffee)]);
    // Warm up the client and server code paths on a small file first.
    const warm = path.join(work.dir, "warm.bin");
    await writePieces(warm, [randomBytesSeeded(16 * MiB, 0x7e57)]);
    await client.uploadFile(warm, { parentId: rootId });

    log(`upload: ${size / MiB} MiB`);
    client.resetWire();
    const profiles = opts.windowProfileDir
      ? { server: await server.profile(), client: await profileSelf() }
      : undefined;
    const clientCpu = cpuSeconds();
    const serverCpu = cpuSeconds(server.pid);
    const t = performance.now();
    let chunked = 0;
    let firstSent = 0;
    const result = await client.uploadFile(file, {
      parentId: rootId,
      deviceName: "bench",
      onProgress: (phase, bytes) => {
        if (phase === "hashing" && bytes === size) chunked = performance.now();
        if (phase === "sending" && firstSent === 0) firstSent = performance.now();
      },
    });
    const s = seconds(t);
    const cpu = { client: cpuSince(clientCpu), server: cpuSince(serverCpu, server.pid) };
    if (profiles && opts.windowProfileDir) {
      await profiles.server.stop(path.join(opts.windowProfileDir, "upload-server.cpuprofile"));
      await profiles.client.stop(path.join(opts.windowProfileDir, "upload-client.cpuprofile"));
    }
    if (result.bytesSent !== size)
      throw new Error(`expected all ${size} bytes sent, got ${result.bytesSent}`);

    const copy = path.join(work.dir, "copy.bin");
    const tc = performance.now();
    await run("cp", [file, copy]);
    const cpSeconds = seconds(tc);

    const chunkSeconds = (chunked - t) / 1000;
    const graphqlSeconds = client.timings.graphqlMs / 1000;
    const detail: UploadDetail = {
      bytes: size,
      seconds: s,
      chunkSeconds,
      firstPutSeconds: (firstSent - t) / 1000,
      tailSeconds: s - chunkSeconds,
      graphqlSeconds,
      chunks: result.chunksTotal,
      cpSeconds,
      cpu,
    };
    log(`upload: ${JSON.stringify(detail)}`);
    const mib = size / MiB;
    const notes = [
      `${mib} MiB generated file, server in a child process on PGlite with the local-disk block store (fsync per chunk), client concurrency ${opts.concurrency ?? "default (4)"}`,
      `${s.toFixed(2)} s for ${result.chunksTotal} chunks: chunking (PUTs running meanwhile) ended at ${chunkSeconds.toFixed(2)} s, ` +
        `then ${(s - chunkSeconds).toFixed(2)} s of remaining PUTs and commitFile; GraphQL calls ${graphqlSeconds.toFixed(2)} s in all`,
      `CPU during the upload: client ${fmtCpu(cpu.client)}, server ${fmtCpu(cpu.server)} (wall ${s.toFixed(2)} s)`,
      ...(cpu.client && cpu.server
        ? [
            `ceilings from that CPU: the server's main thread alone allows ${(mib / cpu.server.main).toFixed(0)} MiB/s; ` +
              `client + server CPU on ${cpus().length} idle cores ${((mib * cpus().length) / (cpu.client.total + cpu.server.total)).toFixed(0)} MiB/s`,
          ]
        : []),
      "cp: same file, same disk (ext4, no reflink: cp reads and writes 128 KiB at a time), page cache to page cache, no fsync (the block store fsyncs each chunk and its folder)",
    ];
    return { results: { mibPerS: mib / s, cpMibPerS: mib / cpSeconds }, detail, notes };
  } finally {
    await server.stop();
    await work.remove();
  }
}
