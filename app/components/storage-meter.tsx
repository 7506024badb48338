"use client";

import { useEffect, useState } from "react";
import { graphql } from "../__generated__";
import { formatBytes } from "../lib/format";
import { gql } from "../lib/gql";

const StorageQuery = graphql(`
  query Storage {
    storage {
      usedBytes
      quotaBytes
    }
  }
`);

interface Storage {
  usedBytes: number;
  quotaBytes: number | null;
}

/** The last answer, kept for the page's life: moving between folders asks nothing (local-first). */
let known: { storage: Storage; at: number } | null = null;
const FRESH_MS = 60_000;

/**
 * How much storage the user's files use, and of what limit (docs/sharing.md, Quota). Asked when
 * the page is loaded, then at most once a minute when a page mounts or the tab comes back into
 * view; hidden until known (and offline).
 */
export function StorageMeter() {
  const [storage, setStorage] = useState<Storage | null>(known?.storage ?? null);
  useEffect(() => {
    let alive = true;
    const load = () => {
      if (document.visibilityState !== "visible") return;
      if (known && Date.now() - known.at < FRESH_MS) return;
      gql(StorageQuery).then(
        (data) => {
          known = { storage: data.storage, at: Date.now() };
          if (alive) setStorage(data.storage);
        },
        () => {}, // offline or signed out: keep what we showed
      );
    };
    load();
    document.addEventListener("visibilitychange", load);
    return () => {
      alive = false;
      document.removeEventListener("visibilitychange", load);
    };
  }, []);
  if (!storage) return null;
  const { usedBytes, quotaBytes } = storage;
  const label =
    quotaBytes === null
      ? `${formatBytes(usedBytes)} used`
      : `${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)} used`;
  return (
    <div className="storage-meter" data-testid="storage-meter">
      {quotaBytes !== null && (
        <meter min={0} max={quotaBytes} value={usedBytes} high={quotaBytes * 0.9} aria-label="Storage used" />
      )}
      <p>{label}</p>
    </div>
  );
}
