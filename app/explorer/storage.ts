/**
 * Where GraphiQL keeps its tabs, queries, history and last responses. Not GraphiQL's default
 * (localStorage, shared by everyone who uses this browser, kept after sign-out): responses can hold
 * secrets (a new access token, a link's token), so they live in this tab's sessionStorage, gone
 * when the tab closes, and under the user's own prefix, so another account signed in later in the
 * same tab starts empty.
 */

/** The part of the Web Storage API GraphiQL uses (its `storage` prop). */
export interface ExplorerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear(): void;
  readonly length: number;
}

/** `backing` (sessionStorage in the page) seen through a per-user key prefix. */
export function explorerStorage(backing: Storage, userId: string): ExplorerStorage {
  const prefix = `cairn.explorer.${userId}.`;
  const ownKeys = () => {
    const keys: string[] = [];
    for (let i = 0; i < backing.length; i++) {
      const key = backing.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    return keys;
  };
  return {
    getItem: (key) => backing.getItem(prefix + key),
    setItem: (key, value) => backing.setItem(prefix + key, value),
    removeItem: (key) => backing.removeItem(prefix + key),
    clear: () => {
      for (const key of ownKeys()) backing.removeItem(key);
    },
    get length() {
      return ownKeys().length;
    },
  };
}
