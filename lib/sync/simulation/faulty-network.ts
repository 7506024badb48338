/**
 * A transport wrapper that misbehaves like a real network, on a seeded schedule: it delays
 * requests and responses (so responses and feed pages arrive reordered), fails requests before
 * they reach the server, loses responses after the server committed, sends requests twice at
 * once, drops subscriptions, and goes offline.
 */
import { SyncTransportError } from "../errors";
import type { MutationResult } from "../outcome";
import type { MutationRequest, SyncTransport } from "../transport";
import type { ChangePage } from "../types";
import { type Rng, sleep } from "./random";

export interface FaultRates {
  /** Upper bound of a random delay before a request and before its answer (ms). */
  maxDelayMs: number;
  /** Probability a mutation fails before reaching the server. */
  failBefore: number;
  /** Probability a mutation's answer is lost after the server committed it. */
  loseAfterCommit: number;
  /** Probability a mutation is delivered twice, concurrently (the client gets one answer). */
  duplicate: number;
  /** Probability, per page, that the subscription drops after delivering it. */
  dropSubscription: number;
}

export const DEFAULT_FAULTS: FaultRates = {
  maxDelayMs: 5,
  failBefore: 0.03,
  loseAfterCommit: 0.05,
  duplicate: 0.05,
  dropSubscription: 0.02,
};
export const NO_FAULTS: FaultRates = {
  maxDelayMs: 2,
  failBefore: 0,
  loseAfterCommit: 0,
  duplicate: 0,
  dropSubscription: 0,
};

export interface FaultCounts {
  failedBefore: number;
  lostAfterCommit: number;
  duplicated: number;
  droppedSubscriptions: number;
}

const networkError = (message: string) => new SyncTransportError({ kind: "network", message });

export class FaultyNetwork {
  offline = false;
  faults: FaultRates;
  readonly counts: FaultCounts = {
    failedBefore: 0,
    lostAfterCommit: 0,
    duplicated: 0,
    droppedSubscriptions: 0,
  };
  private readonly live = new Set<(error: unknown) => void>();
  readonly transport: SyncTransport;

  constructor(
    private readonly inner: SyncTransport,
    private readonly rng: Rng,
    faults: FaultRates = DEFAULT_FAULTS,
  ) {
    this.faults = faults;
    this.transport = {
      pull: (cursor, first) => this.pull(cursor, first),
      subscribe: (cursor, onPage, onError) => this.subscribe(cursor, onPage, onError),
      mutate: (request) => this.mutate(request),
    };
  }

  /** Cuts the connection: requests fail and open subscriptions end. */
  setOffline(offline: boolean): void {
    this.offline = offline;
    if (offline) for (const fail of [...this.live]) fail(networkError("offline"));
  }

  private delay(): Promise<void> {
    return sleep(Math.floor(this.rng() * this.faults.maxDelayMs));
  }

  private async pull(cursor: string | null, first: number): Promise<ChangePage> {
    await this.delay();
    if (this.offline) throw networkError("offline");
    const page = await this.inner.pull(cursor, first);
    await this.delay();
    if (this.offline) throw networkError("offline");
    return page;
  }

  private async mutate(request: MutationRequest): Promise<MutationResult> {
    await this.delay();
    if (this.offline) throw networkError("offline");
    if (this.rng() < this.faults.failBefore) {
      this.counts.failedBefore++;
      throw networkError("connection refused");
    }
    const lose = this.rng() < this.faults.loseAfterCommit;
    const twice = this.rng() < this.faults.duplicate;
    const firstWins = this.rng() < 0.5;
    let result: Promise<MutationResult>;
    if (twice) {
      this.counts.duplicated++;
      const [a, b] = await Promise.allSettled([this.inner.mutate(request), this.inner.mutate(request)]);
      const chosen = firstWins ? a : b;
      result = chosen.status === "fulfilled" ? Promise.resolve(chosen.value) : Promise.reject(chosen.reason);
    } else {
      result = this.inner.mutate(request);
    }
    const settled = await result.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    await this.delay();
    if (lose || this.offline) {
      if (lose) this.counts.lostAfterCommit++;
      throw networkError("the answer was lost");
    }
    if (!settled.ok) throw settled.error;
    return settled.value;
  }

  private subscribe(
    cursor: string | null,
    onPage: (page: ChangePage) => void,
    onError: (e: unknown) => void,
  ): () => void {
    let active = true;
    let chain = Promise.resolve();
    let unsubscribe = () => {};
    const fail = (error: unknown) => {
      if (!active) return;
      active = false;
      this.live.delete(fail);
      unsubscribe();
      onError(error);
    };
    if (this.offline) {
      queueMicrotask(() => onError(networkError("offline")));
      return () => {};
    }
    this.live.add(fail);
    unsubscribe = this.inner.subscribe(
      cursor,
      (page) => {
        // Pages keep their order; each is held back a little (so it races mutation answers).
        chain = chain.then(async () => {
          await this.delay();
          if (!active) return;
          onPage(page);
          if (this.rng() < this.faults.dropSubscription) {
            this.counts.droppedSubscriptions++;
            fail(networkError("socket closed (1006)"));
          }
        });
      },
      (error) => {
        chain = chain.then(() => fail(error));
      },
    );
    return () => {
      active = false;
      this.live.delete(fail);
      unsubscribe();
    };
  }
}
