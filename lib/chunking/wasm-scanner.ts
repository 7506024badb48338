/**
 * The WebAssembly cut-point scan (source lib/chunking/wasm/gear-scan.ts, built by
 * scripts/build-wasm.mjs into a base64 module). Instantiated lazily and synchronously: the module
 * is under 1 KB, well under the size browsers allow to compile on the main thread. Where WebAssembly
 * is missing or refused (a Content-Security-Policy without 'wasm-unsafe-eval'), `wasmScanner()`
 * returns undefined and callers use the TypeScript loop, which cuts at the same places.
 */
import type { ChunkingProfile } from "./profile";
import { GEAR_SCAN_WASM_BASE64 } from "./wasm/gear-scan-wasm";

/** First cut in [from, limit), maskS before `normal` and maskL from it; -1 if none. */
export type Scanner = (
  buf: Uint8Array,
  from: number,
  normal: number,
  limit: number,
  profile: ChunkingProfile,
) => number;

interface GearScanExports {
  scan(hashFrom: number, i: number, limit: number, mask: number): number;
  memory: WebAssembly.Memory;
}

/** Where the scanned bytes start in linear memory; the gear table sits below. */
const DATA = 1024;
const PAGE = 65536;
/** Bytes copied in and scanned per step: small enough to stay in L1/L2 between copy and scan. */
const BLOCK = 64 * 1024;

function instantiate(): GearScanExports | undefined {
  if (typeof WebAssembly !== "object") return undefined;
  try {
    const binary = Uint8Array.from(atob(GEAR_SCAN_WASM_BASE64), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(binary), {});
    return instance.exports as unknown as GearScanExports;
  } catch {
    return undefined;
  }
}

function createScanner(wasm: GearScanExports): Scanner {
  const need = DATA + 32 + BLOCK;
  if (wasm.memory.buffer.byteLength < need) {
    wasm.memory.grow(Math.ceil((need - wasm.memory.buffer.byteLength) / PAGE));
  }
  const view = new Uint8Array(wasm.memory.buffer);
  let loadedGear: Int32Array | undefined;

  return (buf, from, normal, limit, profile) => {
    if (loadedGear !== profile.gear) {
      // Little-endian whatever the host: WebAssembly memory is little-endian.
      const dv = new DataView(wasm.memory.buffer, 0, DATA);
      for (let i = 0; i < 256; i++) dv.setInt32(i * 4, profile.gear[i]!, true);
      loadedGear = profile.gear;
    }
    // Block by block through the same small window of linear memory, so the copy is still in
    // cache when it is scanned and bytes after the cut are never copied. Each block brings the 32
    // bytes before it along: the scan rebuilds the hash state from them.
    for (let at = from; at < limit; at += BLOCK) {
      const blockEnd = Math.min(at + BLOCK, limit);
      const base = Math.max(from, at - 32);
      view.set(buf.subarray(base, blockEnd), DATA);
      let cut = -1;
      if (at < normal) cut = wasm.scan(0, at - base, Math.min(blockEnd, normal) - base, profile.maskS);
      if (cut < 0 && blockEnd > normal) {
        cut = wasm.scan(0, Math.max(at, normal) - base, blockEnd - base, profile.maskL);
      }
      if (cut >= 0) return base + cut;
    }
    return -1;
  };
}

let scanner: Scanner | undefined | null = null;

/** The WebAssembly scanner, or undefined where WebAssembly cannot run. */
export function wasmScanner(): Scanner | undefined {
  if (scanner === null) {
    const wasm = instantiate();
    scanner = wasm ? createScanner(wasm) : undefined;
  }
  return scanner;
}
