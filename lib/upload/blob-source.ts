/** An UploadSource over a Blob (a File in the browser): ranges are read only when they are sent. */
import type { UploadSource } from "./types";

export class BlobSource implements UploadSource {
  constructor(readonly blob: Blob) {}

  get size(): number {
    return this.blob.size;
  }

  async slice(offset: number, size: number): Promise<Uint8Array> {
    if (offset < 0 || size < 0 || offset + size > this.blob.size) {
      throw new RangeError(`range ${offset}+${size} outside a ${this.blob.size}-byte blob`);
    }
    const bytes = new Uint8Array(await this.blob.slice(offset, offset + size).arrayBuffer());
    // A File that changed on disk can read short instead of failing.
    if (bytes.length !== size) throw new Error(`read ${bytes.length} of ${size} bytes: the file changed`);
    return bytes;
  }
}
