/**
 * Retry with jittered exponential backoff. Only `TransportError`s marked retryable are tried again
 * (network failures, 5xx, 429); anything else, and an abort, ends at once.
 */
import { isTransportError } from "./errors";
import type { Clock } from "./types";

export interface RetryPolicy {
  /** Tries in all, the first included (default 6). */
  attempts: number;
  /** Delay before the first retry, before jitter (default 500 ms); doubles per retry. */
  baseDelayMs: number;
  /** Cap on one delay, before jitter (default 15 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

/**
 * The wait before retry number `retry` (0 = the first retry): `min(max, base · 2^retry)` scaled by a
 * random factor in [0.5, 1.5), so clients that failed together do not come back together. A
 * server's Retry-After is honoured when it asks for longer.
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs = 0,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.max(Math.round(exp * (0.5 + random())), Math.min(retryAfterMs, 60_000));
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  options: {
    policy: RetryPolicy;
    clock: Clock;
    random: () => number;
    signal: AbortSignal;
    /** Called before each wait, e.g. to show "retrying". */
    onRetry?: (error: unknown, retry: number, delayMs: number) => void;
  },
): Promise<T> {
  for (let retry = 0; ; retry++) {
    options.signal.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      options.signal.throwIfAborted();
      if (!isTransportError(error) || !error.retryable || retry + 1 >= options.policy.attempts) throw error;
      const delay = backoffDelay(options.policy, retry, options.random, error.retryAfterMs);
      options.onRetry?.(error, retry, delay);
      await options.clock.sleep(delay, options.signal);
    }
  }
}
