/**
 * The chunking Web Worker: exposes `chunkerApi` (lib/chunking applied to Blobs) through comlink.
 * No logic here. Loaded by the page with
 * `new Worker(new URL(".../workers/chunker.worker.ts", import.meta.url), { type: "module" })`,
 * which webpack (`next build --webpack`) bundles as a worker chunk of its own.
 */
import { expose } from "comlink";
import { chunkerApi } from "./chunker-api";

expose(chunkerApi);
