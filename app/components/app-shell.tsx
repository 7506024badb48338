"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { forgetLocalContent } from "../drive/data/local-content";
import {
  forgetSession,
  OfflineBanner,
  SyncIndicator,
  SyncProvider,
  useSessionUser,
} from "../drive/data/sync-provider";
import { TopBar } from "../drive/top-bar";
import { DriveIcon, LinkIcon, ShareIcon, StorageIcon, TrashIcon } from "./icons";
import { StorageMeter } from "./storage-meter";

/**
 * The signed-in pages' frame: the top bar (with the sync status), the offline banner, the side
 * navigation (My files, Shared with me, Trash) and the page, inside the user's sync engine
 * (app/drive/data/sync-provider.tsx).
 */
export function AppShell({ children, busy = false }: { children: ReactNode; busy?: boolean }) {
  return (
    <SyncProvider>
      <Frame busy={busy}>{children}</Frame>
    </SyncProvider>
  );
}

function Frame({ children, busy }: { children: ReactNode; busy: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const me = useSessionUser();
  const inTrash = pathname.startsWith("/trash");
  const inShared = pathname.startsWith("/shared");
  const inStorage = pathname.startsWith("/storage");
  const inApps = pathname.startsWith("/settings/apps");
  const inDrive = pathname.startsWith("/drive");
  // A file's page belongs to My files, though it is not the My files page itself.
  const inFile = pathname.startsWith("/file/");
  return (
    <>
      <TopBar
        email={me?.email}
        status={<SyncIndicator />}
        onSignedOut={() => {
          void forgetSession();
          // Chunks of the user's files stay on a shared computer otherwise.
          if (me)
            forgetLocalContent(me.id).catch((error) =>
              console.warn("Cairn: could not clear the chunk cache", error),
            );
          router.replace("/signin");
        }}
      />
      <OfflineBanner />
      <div className="shell">
        <nav className="side-nav" aria-label="Main">
          <ul>
            <li>
              <Link
                href="/drive"
                aria-current={inDrive ? "page" : undefined}
                className={inFile ? "is-active" : undefined}
              >
                <DriveIcon />
                My files
              </Link>
            </li>
            <li>
              <Link href="/shared" aria-current={inShared ? "page" : undefined}>
                <ShareIcon />
                Shared with me
              </Link>
            </li>
            <li>
              <Link href="/trash" aria-current={inTrash ? "page" : undefined}>
                <TrashIcon />
                Trash
              </Link>
            </li>
            <li>
              <Link href="/storage" aria-current={inStorage ? "page" : undefined}>
                <StorageIcon />
                Offline storage
              </Link>
            </li>
            <li>
              <Link href="/settings/apps" aria-current={inApps ? "page" : undefined}>
                <LinkIcon />
                Apps
              </Link>
            </li>
          </ul>
          <StorageMeter />
        </nav>
        <main className="drive" aria-busy={busy}>
          {children}
        </main>
      </div>
    </>
  );
}
