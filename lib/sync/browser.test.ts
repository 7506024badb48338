/** browser.ts with fake globals: connectivity events, the push lock, and telling other tabs. */
import { describe, expect, test } from "vitest";
import { type BrowserGlobals, connectBrowser } from "./browser";
import type { SyncEngine, SyncEvent } from "./engine";

function fakes(onLine = true) {
  const listeners = new Map<string, () => void>();
  const posted: unknown[] = [];
  const channelListeners: ((event: { data: unknown }) => void)[] = [];
  let grant: (() => Promise<void>) | undefined;
  const globals: BrowserGlobals = {
    addEventListener: (type, l) => listeners.set(type, l),
    removeEventListener: (type) => listeners.delete(type),
    navigator: {
      onLine,
      locks: {
        request: (_name, cb) => {
          grant = cb;
          return new Promise(() => {});
        },
      },
    },
    BroadcastChannel: class {
      postMessage(m: unknown) {
        posted.push(m);
      }
      addEventListener(_t: "message", l: (event: { data: unknown }) => void) {
        channelListeners.push(l);
      }
      close() {}
    },
  };
  const calls: string[] = [];
  let listener: ((e: SyncEvent) => void) | undefined;
  const engine = {
    online: () => calls.push("online"),
    offline: () => calls.push("offline"),
    setPushEnabled: (on: boolean) => calls.push(`push ${on}`),
    reload: async () => void calls.push("reload"),
    relayNotice: (n: { message: string }) => calls.push(`notice ${n.message}`),
    subscribe: (l: (e: SyncEvent) => void) => {
      listener = l;
      return () => {};
    },
  } as unknown as SyncEngine;
  return {
    globals,
    engine,
    calls,
    listeners,
    posted,
    channelListeners,
    grant: () => grant?.(),
    emit: (e: SyncEvent) => listener?.(e),
  };
}

describe("connectBrowser", () => {
  test("online and offline events drive the engine; a page opened offline starts offline", () => {
    const f = fakes(false);
    connectBrowser(f.engine, "u1", f.globals);
    f.listeners.get("online")!();
    expect(f.calls.filter((c) => !c.startsWith("push"))).toEqual(["offline", "online"]);
  });

  test("only the tab holding the lock pushes", () => {
    const f = fakes();
    const disconnect = connectBrowser(f.engine, "u1", f.globals);
    expect(f.calls).toEqual(["push false"]);
    void f.grant();
    expect(f.calls).toEqual(["push false", "push true"]);
    disconnect();
    expect(f.calls.at(-1)).toBe("push false");
  });

  test("this tab's changes are announced; other tabs' announcements reload the store; reloads are not echoed", () => {
    const f = fakes();
    connectBrowser(f.engine, "u1", f.globals);
    f.emit({ type: "outbox" });
    f.emit({ type: "index", fromStore: true });
    expect(f.posted).toEqual([{ type: "outbox" }]);
    for (const l of f.channelListeners) l({ data: { type: "outbox" } });
    expect(f.calls).toContain("reload");
  });

  test("notices of ops this tab settled reach the other tabs, which show them without echoing them back", () => {
    const f = fakes();
    connectBrowser(f.engine, "u1", f.globals);
    const notice = {
      opId: "o1",
      level: "warning",
      code: "dropped",
      message: "“a” could not be renamed",
    } as const;
    f.emit({ type: "notice", notice });
    expect(f.posted).toEqual([{ type: "notice", notice }]);
    for (const l of f.channelListeners) l({ data: { type: "notice", notice } });
    expect(f.calls).toContain("notice “a” could not be renamed");
    expect(f.calls).not.toContain("reload");
    f.emit({ type: "notice", notice, relayed: true });
    expect(f.posted).toHaveLength(1);
  });
});
