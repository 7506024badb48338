/**
 * Child process for `local-disk.crash.test.ts`: `node --import tsx crash-put-child.ts <root> <mode>`.
 *
 * - `half`: puts one whole blob (prints "DONE <hash>"), then starts a put of a second blob whose
 *   body gives half its bytes and then hangs (prints "HALF <hash>" once that half has been written
 *   to the store), and waits to be killed.
 * - `loop`: puts distinct blobs of assorted sizes, several at a time, until it is killed (prints
 *   "STARTED" first).
 */
import { LocalDiskBlobStore } from "../local-disk";
import { bytesOf, piecesOf, sha256 } from "./test-bytes";

const [root, mode] = process.argv.slice(2);
if (!root || (mode !== "half" && mode !== "loop"))
  throw new Error("usage: crash-put-child.ts <root> half|loop");
const store = await LocalDiskBlobStore.open(root);

if (mode === "half") {
  const whole = bytesOf(1024 * 1024, 1);
  await store.put(sha256(whole), whole, { size: whole.length });
  process.stdout.write(`DONE ${sha256(whole)}\n`);

  const torn = bytesOf(2 * 1024 * 1024, 2);
  const half = torn.length / 2;
  async function* halfThenHang(): AsyncGenerator<Uint8Array> {
    yield torn.slice(0, half);
    // The store asks for more only after it has written the first piece to its temp file.
    process.stdout.write(`HALF ${sha256(torn)}\n`);
    setInterval(() => {}, 60_000); // keep the process alive until SIGKILL
    await new Promise(() => {});
  }
  await store.put(sha256(torn), halfThenHang(), { size: torn.length });
  process.stdout.write("UNREACHABLE\n");
} else {
  process.stdout.write("STARTED\n");
  for (let seed = 1; ; seed += 4) {
    await Promise.all(
      [0, 1, 2, 3].map((i) => {
        const bytes = bytesOf(((seed + i) * 7919) % (3 * 1024 * 1024), seed + i);
        return store.put(sha256(bytes), piecesOf(bytes, 100_000), { size: bytes.length });
      }),
    );
  }
}
