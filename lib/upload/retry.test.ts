import { describe, expect, test } from "vitest";
import { TransportError } from "./errors";
import { backoffDelay, DEFAULT_RETRY, withRetry } from "./retry";
import { FakeClock } from "./testing/fake-drive";

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const retryable = () => new TransportError("HTTP_503", "busy", { status: 503, retryable: true });

describe("backoff", () => {
  test("doubles from the base, caps at the maximum, and scales by a jitter factor in [0.5, 1.5)", () => {
    const at = (retry: number, r: number) => backoffDelay(policy, retry, () => r);
    expect([0, 1, 2, 3, 4, 5].map((n) => at(n, 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(at(2, 0)).toBe(200);
    expect(at(2, 0.999)).toBe(600);
  });

  test("waits at least as long as the server's Retry-After", () => {
    expect(backoffDelay(policy, 0, () => 0.5, 5000)).toBe(5000);
    expect(backoffDelay(DEFAULT_RETRY, 0, () => 0.5, 10)).toBe(500);
  });
});

describe("withRetry", () => {
  test("tries again after retryable errors until it succeeds", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw retryable();
        return "ok";
      },
      { policy, clock, random: () => 0.5, signal: new AbortController().signal },
    );
    expect(value).toBe("ok");
    expect(clock.sleeps).toEqual([100, 200]);
  });

  test("gives up after the last attempt with the last error", async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw retryable();
        },
        { policy, clock, random: () => 0.5, signal: new AbortController().signal },
      ),
    ).rejects.toMatchObject({ code: "HTTP_503" });
    expect(calls).toBe(4);
  });

  test("never retries a final error or anything that is not a TransportError", async () => {
    for (const error of [
      new TransportError("NAME_INVALID", "bad", { status: 400, retryable: false }),
      new TypeError("a bug"),
    ]) {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw error;
          },
          { policy, clock: new FakeClock(), random: () => 0.5, signal: new AbortController().signal },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  test("stops waiting when aborted", async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    const pending = withRetry(
      async () => {
        controller.abort(new DOMException("stop", "AbortError"));
        throw retryable();
      },
      { policy, clock, random: () => 0.5, signal: controller.signal },
    );
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(clock.sleeps).toEqual([]);
  });
});
