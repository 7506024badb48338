/**
 * Unit: one timer keeps every socket alive and re-checks every credential; a credential shared by
 * many sockets is checked once per period, and all its sockets close with 4401 once it is dead.
 */
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { WebSocket } from "ws";
import { type Actor, credentialsRevoked } from "@/lib/drive";
import { SocketUpkeep } from "./socket-upkeep";

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  pings = 0;
  closedWith: number | undefined;
  terminated = false;
  /** Answers pings (a live client) or not (a dead one). */
  constructor(private readonly answers = true) {
    super();
  }
  ping() {
    this.pings++;
    if (this.answers) queueMicrotask(() => this.emit("pong"));
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
    this.emit("close", code);
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
    this.emit("close", 1006);
  }
}

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });
const someone = { userId: "u" } as Actor;

describe("socket upkeep", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("each credential is checked once per period however many sockets use it; a dead one closes all of them with 4401", async () => {
    const checked: string[] = [];
    const dead = new Set<string>();
    const upkeep = new SocketUpkeep({
      keepAliveMs: 0,
      recheckMs: 1000,
      resolve: async (headers) => {
        const token = headers.get("authorization")!;
        checked.push(token);
        return dead.has(token) ? null : someone;
      },
    });
    const a = Array.from({ length: 50 }, () => new FakeSocket());
    const b = new FakeSocket();
    for (const s of a) upkeep.watchCredentials(s as unknown as WebSocket, bearer("a"), "u");
    upkeep.watchCredentials(b as unknown as WebSocket, bearer("b"), "v");
    await vi.advanceTimersByTimeAsync(1100);
    expect(checked.sort()).toEqual(["Bearer a", "Bearer b"]);
    dead.add("Bearer a");
    await vi.advanceTimersByTimeAsync(1100);
    expect(checked.length).toBe(4);
    expect(a.every((s) => s.closedWith === 4401)).toBe(true);
    expect(b.closedWith).toBeUndefined();
    upkeep.stop();
  });

  test("a revocation in this process checks that person's credentials at once, even one mid-check", async () => {
    const checked: string[] = [];
    const dead = new Set<string>();
    let release: (() => void) | undefined;
    const upkeep = new SocketUpkeep({
      keepAliveMs: 0,
      recheckMs: 60_000,
      resolve: async (headers) => {
        const token = headers.get("authorization")!;
        checked.push(token);
        const alive = !dead.has(token);
        // The first check of "a" read the database before the revocation, and answers late.
        if (token === "Bearer a" && checked.length === 1) await new Promise<void>((r) => (release = r));
        return alive ? someone : null;
      },
    });
    const a = new FakeSocket();
    const b = new FakeSocket();
    upkeep.watchCredentials(a as unknown as WebSocket, bearer("a"), "u");
    upkeep.watchCredentials(b as unknown as WebSocket, bearer("b"), "v");
    upkeep.recheckNow("u");
    await vi.advanceTimersByTimeAsync(0);
    expect(checked).toEqual(["Bearer a"]);
    dead.add("Bearer a");
    credentialsRevoked("u");
    release!();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    // Checked again after the revocation, long before the 60 s period; "b" (another person) untouched.
    expect(checked).toEqual(["Bearer a", "Bearer a"]);
    expect(a.closedWith).toBe(4401);
    expect(b.closedWith).toBeUndefined();
    credentialsRevoked(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(checked).toEqual(["Bearer a", "Bearer a", "Bearer b"]);
    upkeep.stop();
    credentialsRevoked(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(checked.length).toBe(3);
  });

  test("a check that fails (the database is down) closes nothing", async () => {
    const upkeep = new SocketUpkeep({
      keepAliveMs: 0,
      recheckMs: 100,
      resolve: async () => {
        throw new Error("database down");
      },
    });
    const s = new FakeSocket();
    upkeep.watchCredentials(s as unknown as WebSocket, bearer("a"), "u");
    await vi.advanceTimersByTimeAsync(500);
    expect(s.closedWith).toBeUndefined();
    upkeep.stop();
  });

  test("one timer pings every socket, each a period after it opened; a socket that did not answer the last ping is terminated", async () => {
    const upkeep = new SocketUpkeep({ keepAliveMs: 1000, recheckMs: 60_000, resolve: async () => someone });
    const live = new FakeSocket(true);
    const dead = new FakeSocket(false);
    upkeep.keepAlive(live as unknown as WebSocket);
    upkeep.keepAlive(dead as unknown as WebSocket);
    await vi.advanceTimersByTimeAsync(1000);
    expect([live.pings, dead.pings]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(dead.terminated).toBe(true);
    expect(live.terminated).toBe(false);
    expect(live.pings).toBe(2);
    // Opened later, pinged later: not every socket at once.
    const late = new FakeSocket(true);
    await vi.advanceTimersByTimeAsync(500);
    upkeep.keepAlive(late as unknown as WebSocket);
    await vi.advanceTimersByTimeAsync(500);
    expect([live.pings, late.pings]).toEqual([3, 0]);
    await vi.advanceTimersByTimeAsync(500);
    expect([live.pings, late.pings]).toEqual([3, 1]);
    expect(vi.getTimerCount()).toBe(2);
    upkeep.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
