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

/**
 * How much storage the user's files use, and of what limit (docs/sharing.md, Quota). Asked when
 * the page opens and whenever the tab comes back into view; hidden until known (and offline).
 */
export function StorageMeter() {
  const [storage, setStorage] = useState<{ usedBytes: number; quotaBytes: number | null } | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () => {
      if (document.visibilityState !== "visible") return;
      gql(StorageQuery).then(
        (data) => alive && setStorage(data.storage),
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
