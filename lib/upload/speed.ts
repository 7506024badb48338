/**
 * Throughput over a sliding window, and the time left at that rate. Fed with a running byte total
 * and a clock reading; cheap enough to call on every progress report.
 */
export class SpeedMeter {
  private readonly samples: { t: number; bytes: number }[] = [];

  constructor(
    /** The window the rate is averaged over (ms). */
    private readonly windowMs = 5000,
    /** No rate is reported before this much time has been observed (ms). */
    private readonly warmupMs = 400,
  ) {}

  reset(): void {
    this.samples.length = 0;
  }

  /** Records that `bytes` were done (in total) at time `t` (ms). */
  add(t: number, bytes: number): void {
    const last = this.samples.at(-1);
    if (last && t - last.t < 50 && this.samples.length > 1) {
      // Coalesce bursts: replace the newest sample instead of growing the list.
      last.t = t;
      last.bytes = bytes;
    } else {
      this.samples.push({ t, bytes });
    }
    while (this.samples.length > 2 && t - this.samples[1]!.t >= this.windowMs) this.samples.shift();
  }

  /** Bytes per second over the window ending `now`, or undefined until there is enough to say. */
  rate(now: number): number | undefined {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last) return undefined;
    const span = now - first.t;
    if (span < this.warmupMs) return undefined;
    return ((last.bytes - first.bytes) * 1000) / span;
  }

  /** Seconds until `remaining` more bytes are done at the current rate, or undefined. */
  secondsLeft(now: number, remaining: number): number | undefined {
    if (remaining <= 0) return 0;
    const rate = this.rate(now);
    if (!rate || rate <= 0) return undefined;
    return remaining / rate;
  }
}
