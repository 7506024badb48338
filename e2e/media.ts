/**
 * Test media made in Chromium itself, so the suite needs no fixtures on disk and no ffmpeg:
 * a PNG drawn on a canvas, a PDF printed by the browser, and a WebM recorded from a canvas with
 * MediaRecorder (noise frames, so a few seconds make several megabytes: enough that seeking near
 * the end needs new Range requests).
 */
import type { Page } from "@playwright/test";

export async function makePng(page: Page, width = 480, height = 320): Promise<Uint8Array> {
  const base64 = await page.evaluate(
    async ({ width, height }) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext("2d")!;
      const gradient = g.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, "#17695a");
      gradient.addColorStop(1, "#e6b04d");
      g.fillStyle = gradient;
      g.fillRect(0, 0, width, height);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    },
    { width, height },
  );
  return new Uint8Array(Buffer.from(base64, "base64"));
}

/** A one-page PDF printed by Chromium from HTML (headless only), in a page of its own. */
export async function makePdf(page: Page, html: string): Promise<Uint8Array> {
  const printer = await page.context().newPage();
  try {
    await printer.setContent(html);
    return new Uint8Array(await printer.pdf({ format: "A5" }));
  } finally {
    await printer.close();
  }
}

/** A VP8 WebM of `seconds` of noise with a running clock, recorded in real time. */
export async function makeWebm(page: Page, seconds: number): Promise<Uint8Array> {
  const base64 = await page.evaluate(async (ms) => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 240;
    const g = canvas.getContext("2d")!;
    const frames: ImageData[] = [];
    for (let k = 0; k < 8; k++) {
      const image = g.createImageData(320, 240);
      const pixels = new Uint32Array(image.data.buffer);
      for (let i = 0; i < pixels.length; i++) pixels[i] = ((Math.random() * 0xffffff) | 0xff000000) >>> 0;
      frames.push(image);
    }
    const recorder = new MediaRecorder(canvas.captureStream(30), {
      mimeType: "video/webm;codecs=vp8",
      videoBitsPerSecond: 8_000_000,
    });
    const parts: Blob[] = [];
    recorder.ondataavailable = (event) => parts.push(event.data);
    const stopped = new Promise((resolve) => {
      recorder.onstop = resolve;
    });
    recorder.start(250);
    const start = performance.now();
    let frame = 0;
    await new Promise<void>((resolve) => {
      const draw = () => {
        const t = performance.now() - start;
        g.putImageData(frames[frame++ % frames.length]!, 0, 0);
        g.fillStyle = "#fff";
        g.font = "bold 40px sans-serif";
        g.fillText(`${(t / 1000).toFixed(1)} s`, 20, 60);
        if (t < ms) requestAnimationFrame(draw);
        else resolve();
      };
      draw();
    });
    recorder.stop();
    await stopped;
    const blob = new Blob(parts, { type: "video/webm" });
    return await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }, seconds * 1000);
  return new Uint8Array(Buffer.from(base64, "base64"));
}
