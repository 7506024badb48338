/**
 * Reading a Blob (a picked File) in pieces without a fresh allocation per piece: a BYOB reader on
 * `blob.stream()` fills two buffers in turn, so one read is in flight while the caller copies the
 * other piece out. A read of `blob.slice(...).arrayBuffer()` allocates a new ArrayBuffer every time,
 * and in Chromium fresh memory of that size costs page faults on the copy and a TLB shootdown on
 * the free; measured in the worker, that made reading cost 4–5× the CPU of this way
 * (docs/chunking.md). Where a stream cannot be read BYOB, slices are read instead.
 */

export const DEFAULT_PIECE_SIZE = 1024 * 1024;

/**
 * A read that brings nothing for this long is given up and the stream reopened at the same offset
 * (`blob.slice(offset).stream()`). Chromium 156 sometimes stops feeding a BYOB read of a picked
 * file for good, a few hundred MiB in, while the page stores the same file in IndexedDB; a fresh
 * stream goes on. Reopening early costs one stream set-up, so the limit can be short.
 */
export const STALL_MS = 1000;

export interface ReadBlobStats {
  /** Streams reopened after a stalled read. */
  reopened: number;
}

/**
 * The bytes of `blob` in order, as views the caller must be done with before asking for the next
 * one (they are reused). Stopping early cancels the read.
 */
export async function* readBlob(
  blob: Blob,
  pieceSize = DEFAULT_PIECE_SIZE,
  stats: ReadBlobStats = { reopened: 0 },
  stallMs = STALL_MS,
): AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined> {
  let offset = 0;
  let spare = new ArrayBuffer(pieceSize);
  let next = new ArrayBuffer(pieceSize);
  while (offset < blob.size) {
    let reader: ReadableStreamBYOBReader;
    try {
      const stream = (offset === 0 ? blob : blob.slice(offset)).stream();
      reader = (stream as ReadableStream<Uint8Array<ArrayBuffer>>).getReader({ mode: "byob" });
    } catch {
      // No BYOB reads here: fresh slices instead.
      yield* readSlices(offset === 0 ? blob : blob.slice(offset), pieceSize * 8, 2);
      return;
    }
    let ended = false;
    let stalled = false;
    let lastProgress = performance.now();
    let onStall: (() => void) | undefined;
    const watchdog = setInterval(
      () => {
        if (performance.now() - lastProgress > stallMs) onStall?.();
      },
      Math.max(10, stallMs / 4),
    );
    try {
      let pending = reader.read(new Uint8Array(next));
      for (;;) {
        const r = await Promise.race([
          pending,
          new Promise<"stalled">((resolve) => {
            onStall = () => resolve("stalled");
          }),
        ]);
        onStall = undefined;
        if (r === "stalled") {
          // The buffer of the read given up stays with it; the next read gets a new one.
          pending.catch(() => {});
          next = new ArrayBuffer(pieceSize);
          stalled = true;
          stats.reopened++;
          break;
        }
        if (r.done) {
          ended = true;
          break;
        }
        const piece = r.value;
        offset += piece.length;
        lastProgress = performance.now();
        pending = reader.read(new Uint8Array(spare));
        yield piece;
        lastProgress = performance.now();
        spare = piece.buffer; // the caller is done with it
      }
    } finally {
      clearInterval(watchdog);
      // Not awaited: a stalled stream may never answer its cancel either.
      if (!ended) reader.cancel().catch(() => {});
      reader.releaseLock();
    }
    if (ended && offset !== blob.size) {
      throw new Error(`read ${offset} of ${blob.size} bytes: the file changed`);
    }
    if (!stalled) return;
  }
}

/** The blob in slices of `readSize`, `ahead` reads in flight (a fresh ArrayBuffer per slice). */
export async function* readSlices(
  blob: Blob,
  readSize: number,
  ahead: number,
): AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined> {
  const reads: { size: number; bytes: Promise<ArrayBuffer> }[] = [];
  let next = 0;
  const more = () => {
    while (reads.length < ahead && next < blob.size) {
      const end = Math.min(blob.size, next + readSize);
      reads.push({ size: end - next, bytes: blob.slice(next, end).arrayBuffer() });
      next = end;
    }
  };
  more();
  try {
    for (let read = reads.shift(); read; read = reads.shift()) {
      const piece = new Uint8Array(await read.bytes);
      if (piece.length !== read.size) throw new Error("the file could not be read to its end (it changed?)");
      more();
      yield piece;
    }
  } finally {
    // Stopped early: nobody waits for the reads still in flight.
    for (const r of reads) r.bytes.catch(() => {});
  }
}
