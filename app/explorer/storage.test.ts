import { describe, expect, test } from "vitest";
import { explorerStorage } from "./storage";

/** An in-memory Web Storage. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

describe("the explorer's storage", () => {
  test("each user sees only their own entries, and clearing removes only theirs", () => {
    const backing = new MemoryStorage();
    backing.setItem("cairn.lastUser", "kept");
    const alice = explorerStorage(backing, "alice");
    const bob = explorerStorage(backing, "bob");
    alice.setItem("graphiql:tabState", "alice's tabs");
    bob.setItem("graphiql:tabState", "bob's tabs");
    expect(alice.getItem("graphiql:tabState")).toBe("alice's tabs");
    expect(bob.getItem("graphiql:tabState")).toBe("bob's tabs");
    expect(alice.length).toBe(1);

    alice.clear();
    expect(alice.getItem("graphiql:tabState")).toBeNull();
    expect(alice.length).toBe(0);
    expect(bob.getItem("graphiql:tabState")).toBe("bob's tabs");
    expect(backing.getItem("cairn.lastUser")).toBe("kept");

    bob.removeItem("graphiql:tabState");
    expect(backing.length).toBe(1);
  });
});
