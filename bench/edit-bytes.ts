/**
 * Bytes on the wire to commit an edit, through the real server (a child process, PGlite, the
 * local-disk block store):
 * - a 1 GiB pseudo-random file is uploaded once; then each edit (a)–(d), applied to the original,
 *   is uploaded as the file's next version (fileId, the current version as base, and the
 *   original's chunk hashes as `baseChunks`, which a client knows from its own upload);
 * - a 10 MiB generated text file, then 100 small edits spread over it, as its next version.
 * "Wire bytes" is the client's count (`CairnClient.wire`: request lines, headers, bodies, both
 * ways) from prepareUpload to commitFile. A counting TCP proxy between client and server checks
 * that count against the bytes that really cross the socket.
 *
 * The fixed-4 MiB-block figure is computed, not run: old and new bytes cut into 4 MiB blocks, the
 * new file's blocks whose SHA-256 is not among the old file's are what such a client must send;
 * to that we add the GraphQL bytes our client spent on the same edit and our measured HTTP
 * overhead per PUT for each block sent. (A fixed-block list is ~4× shorter than our chunk list,
 * so this slightly overstates its GraphQL bytes; the difference is at most ~50 KB per commit.)
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { type Chunk, diffChunkLists } from "../lib/chunking";
import type { UploadResult } from "../lib/client/cairn-client";
import {
  countingProxy,
  GiB,
  log,
  MiB,
  newUser,
  randomBytesSeeded,
  seconds,
  startBenchServer,
  tempDir,
  textBytes,
  type WireBreakdown,
  wireBytes,
  writePieces,
} from "./harness";
import type { EditBytes, EditBytesResults } from "./report";

const BLOCK = 4 * MiB;

export interface EditBytesOptions {
  /** Size of the big file (default 1 GiB). */
  bytes?: number;
}

export interface EditDetail {
  wire: number;
  proxy: number;
  graphqlBytes: number;
  putBytes: number;
  puts: number;
  chunksSent: number;
  chunksTotal: number;
  bytesSent: number;
  fixed4MiB: { blocksSent: number; blockBytes: number; total: number };
  /**
   * Estimate: the same commit naming its chunks as splices against the base list (commitFile
   * accepts them; CairnClient does not send them yet): wire bytes with the JSON chunk list
   * replaced by the JSON splices.
   */
  withSplices: { chunkListJson: number; splicesJson: number; wire: number };
  seconds: number;
}

function blockHashes(pieces: Uint8Array[]): { hash: string; size: number }[] {
  // Hashes fixed 4 MiB blocks of the concatenation of `pieces` without concatenating them.
  const out: { hash: string; size: number }[] = [];
  let h = createHash("sha256");
  let filled = 0;
  for (const piece of pieces) {
    let o = 0;
    while (o < piece.length) {
      const take = Math.min(BLOCK - filled, piece.length - o);
      h.update(piece.subarray(o, o + take));
      filled += take;
      o += take;
      if (filled === BLOCK) {
        out.push({ hash: h.digest("hex"), size: BLOCK });
        h = createHash("sha256");
        filled = 0;
      }
    }
  }
  if (filled > 0) out.push({ hash: h.digest("hex"), size: filled });
  return out;
}

/** What a fixed-4 MiB-block client must send for `next` when the server has `prev`'s blocks. */
function fixedBlocksToSend(prev: Set<string>, next: { hash: string; size: number }[]) {
  const seen = new Set<string>();
  let blocksSent = 0;
  let blockBytes = 0;
  for (const b of next) {
    if (prev.has(b.hash) || seen.has(b.hash)) continue;
    seen.add(b.hash);
    blocksSent++;
    blockBytes += b.size;
  }
  return { blocksSent, blockBytes };
}

export async function benchEditBytes(opts: EditBytesOptions = {}): Promise<{
  results: EditBytesResults;
  details: Record<string, EditDetail>;
  notes: string[];
}> {
  const size = opts.bytes ?? GiB;
  const work = await tempDir("edits");
  const server = await startBenchServer();
  const proxy = await countingProxy(server.url);
  const details: Record<string, EditDetail> = {};
  try {
    const { client, rootId } = await newUser(proxy.url);
    log(`editBytes: generating ${size / MiB} MiB`);
    const original = randomBytesSeeded(size, 0x1badb002);
    const file = path.join(work.dir, "big.bin");
    await writePieces(file, [original]);
    let t = performance.now();
    const first = await client.uploadFile(file, { parentId: rootId, deviceName: "bench" });
    log(`editBytes: first upload ${(size / MiB / seconds(t)).toFixed(0)} MiB/s`);
    // The client knows its own upload's chunk list; we recompute it rather than widen the API.
    const baseChunks = (await client.chunkFile(file)).map((c: Chunk) => c.hash);
    const oldBlocks = new Set(blockHashes([original]).map((b) => b.hash));
    let versionId = first.version.id;

    const extra = randomBytesSeeded(MiB, 0x0ddba11);
    const mid = Math.floor(size / 2);
    const edits: Record<"a" | "b" | "c" | "d", Uint8Array[]> = {
      a: [original.subarray(0, 100 * MiB), extra.subarray(0, 1), original.subarray(100 * MiB)],
      b: [original.subarray(0, mid), extra.subarray(0, 4096), original.subarray(mid + 4096)],
      c: [original, extra],
      d: [extra.subarray(0, 1024), original],
    };

    const measure = async (
      key: string,
      pieces: Uint8Array[],
      oldBlockSet: Set<string>,
      target: { file: string; fileId: string; baseVersionId: string; baseChunks: string[] },
    ): Promise<UploadResult> => {
      await writePieces(target.file, pieces);
      client.resetWire();
      proxy.reset();
      t = performance.now();
      const result = await client.uploadFile(target.file, {
        parentId: rootId,
        fileId: target.fileId,
        baseVersionId: target.baseVersionId,
        baseChunks: target.baseChunks,
        deviceName: "bench",
      });
      const s = seconds(t);
      if (result.conflict)
        throw new Error(`edit ${key} became a conflicted copy: ${JSON.stringify(result.conflict)}`);
      const w: WireBreakdown = client.breakdown();
      const puts = w.blocks.requests;
      const putBytes = wireBytes(w.blocks);
      const perPutOverhead = puts > 0 ? (putBytes - result.bytesSent) / puts : 400;
      const fixed = fixedBlocksToSend(oldBlockSet, blockHashes(pieces));
      const next = (await client.chunkFile(target.file)).map((c) => c.hash);
      const chunkListJson = JSON.stringify(next).length;
      const splicesJson = JSON.stringify(diffChunkLists(target.baseChunks, next)).length;
      details[key] = {
        wire: wireBytes(w.total),
        proxy: proxy.counts.up + proxy.counts.down,
        graphqlBytes: wireBytes(w.graphql),
        putBytes,
        puts,
        chunksSent: result.chunksSent,
        chunksTotal: result.chunksTotal,
        bytesSent: result.bytesSent,
        fixed4MiB: {
          ...fixed,
          total: Math.round(fixed.blockBytes + fixed.blocksSent * perPutOverhead + wireBytes(w.graphql)),
        },
        withSplices: { chunkListJson, splicesJson, wire: wireBytes(w.total) - chunkListJson + splicesJson },
        seconds: s,
      };
      log(`editBytes ${key}: ${JSON.stringify(details[key])}`);
      return result;
    };

    const editFile = path.join(work.dir, "edited.bin");
    for (const key of ["a", "b", "c", "d"] as const) {
      // Each edit applies to the original: make the original current again first (restoreVersion
      // sends no content), so the base version's chunk list is `baseChunks`.
      if (versionId !== first.version.id) {
        const { restoreVersion } = await client.gql<{ restoreVersion: { version: { id: string } } }>(
          `mutation($f: ID!, $v: ID!) { restoreVersion(input: {fileId: $f, versionId: $v}) { version { id } } }`,
          { f: first.file.id, v: first.version.id },
        );
        versionId = restoreVersion.version.id;
      }
      const r = await measure(key, edits[key], oldBlocks, {
        file: editFile,
        fileId: first.file.id,
        baseVersionId: versionId,
        baseChunks,
      });
      versionId = r.version.id;
    }
    await rm(editFile, { force: true });
    await rm(file, { force: true });

    // Scattered small edits in a text file.
    const text = textBytes(10 * MiB, 0x5eed);
    const textFile = path.join(work.dir, "notes.txt");
    await writePieces(textFile, [text]);
    const firstText = await client.uploadFile(textFile, { parentId: rootId, deviceName: "bench" });
    const textChunks = (await client.chunkFile(textFile)).map((c) => c.hash);
    const filler = textBytes(4096, 0xfeed);
    const pieces: Uint8Array[] = [];
    let at = 0;
    let s = 0x1234567;
    for (let k = 0; k < 100; k++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const len = 1 + ((s >>> 0) % 100);
      const pos = Math.floor(((k + 0.5) * text.length) / 100);
      pieces.push(text.subarray(at, pos));
      // Cycle through the three kinds of edit: overwrite, insert, delete (len bytes each).
      const kind = k % 3;
      const replacement = filler.subarray(k * 37, k * 37 + len);
      if (kind === 0) {
        pieces.push(replacement);
        at = pos + len;
      } else if (kind === 1) {
        pieces.push(replacement);
        at = pos;
      } else at = pos + len;
    }
    pieces.push(text.subarray(at));
    await measure("scattered", pieces, new Set(blockHashes([text]).map((b) => b.hash)), {
      file: path.join(work.dir, "notes-edited.txt"),
      fileId: firstText.file.id,
      baseVersionId: firstText.version.id,
      baseChunks: textChunks,
    });

    const pick = (f: (d: EditDetail) => number): EditBytes => ({
      a: f(details.a!),
      b: f(details.b!),
      c: f(details.c!),
      d: f(details.d!),
      scattered: f(details.scattered!),
    });
    const notes = Object.entries(details).map(
      ([k, d]) =>
        `${k}: ${d.wire.toLocaleString("en-US")} B = PUT ${d.putBytes.toLocaleString("en-US")} (${d.chunksSent} of ${d.chunksTotal} chunks, ` +
        `${d.bytesSent.toLocaleString("en-US")} B of content) + GraphQL ${d.graphqlBytes.toLocaleString("en-US")}; ` +
        `socket count ${d.proxy.toLocaleString("en-US")} B; fixed 4 MiB: ${d.fixed4MiB.blocksSent} blocks, ${d.fixed4MiB.blockBytes.toLocaleString("en-US")} B of content; ` +
        `with splices instead of the ${d.withSplices.chunkListJson.toLocaleString("en-US")} B chunk list (estimate): ${d.withSplices.wire.toLocaleString("en-US")} B`,
    );
    notes.unshift(
      `server: bench/serve.ts in a child process on PGlite, local-disk block store; ${size / MiB} MiB file (xorshift128), ` +
        "wire bytes = CairnClient.wire for one uploadFile call (prepareUpload, PUTs, commitFile)",
    );
    return {
      results: { ...pick((d) => d.wire), fixed4MiB: pick((d) => d.fixed4MiB.total) },
      details,
      notes,
    };
  } finally {
    await proxy.close();
    await server.stop();
    await work.remove();
  }
}
