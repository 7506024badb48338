import { describe, expect, test } from "vitest";
import { hashChunk } from "@/lib/chunking";
import { putBlockOverHttp, retryAfterMs } from "./http-blocks";

/** A fetch that answers from a function and records requests: no network involved. */
function fakeFetch(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return answer(url, init);
  };
  return { fetch, requests };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const bytes = new TextEncoder().encode("chunk bytes");
const hash = await hashChunk(bytes);
const signal = new AbortController().signal;

describe("putBlockOverHttp", () => {
  test("PUTs the bytes to /api/blocks/:hash and accepts 201 and 200", async () => {
    for (const status of [201, 200]) {
      const { fetch, requests } = fakeFetch(() => json(status, { hash, size: bytes.length }));
      await putBlockOverHttp({ fetch, baseUrl: "http://x" }, hash, bytes, signal);
      expect(requests[0]!.url).toBe(`http://x/api/blocks/${hash}`);
      expect(requests[0]!.init.method).toBe("PUT");
      expect(requests[0]!.init.body).toBe(bytes);
      expect(requests[0]!.init.signal).toBe(signal);
    }
  });

  test("a 4xx is final and carries the server's code", async () => {
    const { fetch } = fakeFetch(() =>
      json(400, { error: { code: "HASH_MISMATCH", message: "nope", expected: hash } }),
    );
    await expect(putBlockOverHttp({ fetch }, hash, bytes, signal)).rejects.toMatchObject({
      name: "TransportError",
      code: "HASH_MISMATCH",
      status: 400,
      retryable: false,
      details: { expected: hash },
    });
  });

  test("5xx and 429 are retryable; 429's Retry-After is kept", async () => {
    const { fetch } = fakeFetch(() =>
      json(429, { error: { code: "RATE_LIMITED", message: "slow down" } }, { "retry-after": "3" }),
    );
    await expect(putBlockOverHttp({ fetch }, hash, bytes, signal)).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 3000,
    });
    const bad = fakeFetch(() => new Response("<html>Bad gateway</html>", { status: 502 }));
    await expect(putBlockOverHttp({ fetch: bad.fetch }, hash, bytes, signal)).rejects.toMatchObject({
      code: "HTTP_502",
      retryable: true,
    });
  });

  test("a network failure is a retryable NETWORK_ERROR; an abort stays an abort", async () => {
    const down = fakeFetch(() => {
      throw new TypeError("fetch failed");
    });
    await expect(putBlockOverHttp({ fetch: down.fetch }, hash, bytes, signal)).rejects.toMatchObject({
      code: "NETWORK_ERROR",
      retryable: true,
    });
    const controller = new AbortController();
    controller.abort(new DOMException("cancelled", "AbortError"));
    const aborted = fakeFetch(() => {
      throw controller.signal.reason;
    });
    await expect(
      putBlockOverHttp({ fetch: aborted.fetch }, hash, bytes, controller.signal),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  test("Retry-After is read as seconds or as a date", () => {
    expect(retryAfterMs("7")).toBe(7000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
