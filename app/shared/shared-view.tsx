"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { AppShell } from "../components/app-shell";
import { FolderIcon, ShareIcon } from "../components/icons";
import { useToast } from "../components/toast";
import { useEngine, useSessionUser } from "../drive/data/sync-provider";
import { RemoveShareMemberMutation } from "../drive/sharing/operations";
import { ShareDialog } from "../drive/sharing/share-dialog";
import { describeShareError } from "../drive/sharing/share-errors";
import { ROLE_LABEL, refreshShares, useShares } from "../drive/sharing/share-roles";
import { driveHref } from "../lib/drive-paths";
import { gql } from "../lib/gql";
import { isSignedOut, useToSignIn } from "../lib/use-session";

/**
 * "Shared with me": the folders other people shared with you, with their owner and your role;
 * each opens in the drive, where the share's top folder sits at the top of your files. Below it,
 * the folders you share, with "Manage" to open their share dialog.
 */
export function SharedView() {
  const toSignIn = useToSignIn();
  const toast = useToast();
  const engine = useEngine();
  const me = useSessionUser();
  const shares = useShares();
  const [busy, setBusy] = useState<string | null>(null);
  const [managing, setManaging] = useState<{
    __typename: "File" | "Folder";
    id: string;
    name: string;
  } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = "Shared with me · Cairn";
  }, []);
  // Fresh when the page is opened (the drive keeps the list current from its index otherwise).
  useEffect(() => {
    if (engine) void refreshShares(engine);
  }, [engine]);
  useEffect(() => {
    if (shares.status === "error" && isSignedOut(shares.error)) toSignIn();
  }, [shares.status, shares.error, toSignIn]);

  /** The drive URL of a share's top folder: where the index has it, else at the top of the drive. */
  function hrefOf(item: { __typename: "File" | "Folder"; id: string; name: string }): string {
    if (item.__typename === "File") return `/file/${item.id}`;
    const path = engine?.pathOf(item.id);
    return driveHref((path ?? `/${item.name}`).split("/").filter(Boolean));
  }

  async function leave(shareId: string, name: string) {
    if (!me) return;
    setBusy(shareId);
    try {
      await gql(RemoveShareMemberMutation, { input: { shareId, userId: me.id } });
      await refreshShares(engine);
      const message = `You left “${name}”`;
      setAnnouncement(message);
      toast({ message });
      heading.current?.focus();
    } catch (error) {
      if (isSignedOut(error)) return toSignIn();
      toast({ tone: "error", message: `Couldn't leave “${name}”: ${describeShareError(error, "remove")}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <AppShell busy={shares.status === "loading"}>
      <div className="drive-nav" />
      <div className="drive-head">
        <h1 ref={heading} tabIndex={-1}>
          Shared with me
        </h1>
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {shares.status === "loading" && <p className="muted listing-placeholder">Loading…</p>}
      {shares.status === "error" && (
        <div className="notice" role="alert">
          <p>{describeShareError(shares.error, "load")}</p>
        </div>
      )}
      {shares.status === "ready" &&
        (shares.withMe.length === 0 ? (
          <div className="empty">
            <ShareIcon />
            <p className="empty-title">Nothing is shared with you yet</p>
            <p className="muted">
              Folders other people share with you show up here and at the top of My files.
            </p>
          </div>
        ) : (
          <table className="listing shared-listing">
            <caption className="sr-only">Folders shared with you</caption>
            <thead>
              <tr>
                <th scope="col" className="col-name">
                  Name
                </th>
                <th scope="col" className="col-owner">
                  Owner
                </th>
                <th scope="col" className="col-role">
                  Your role
                </th>
                <th scope="col" className="col-shared-actions">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.withMe.map((share) => (
                <tr key={share.id} data-id={share.id}>
                  <td className="col-name">
                    <Link className="entry-name" href={hrefOf(share.item)}>
                      <FolderIcon />
                      <span>{share.item.name}</span>
                    </Link>
                  </td>
                  <td className="col-owner">
                    <span className="share-who">
                      <span>{share.owner.name || share.owner.email}</span>
                      <span className="muted share-email">{share.owner.email}</span>
                    </span>
                  </td>
                  <td className="col-role" data-testid="share-role">
                    {ROLE_LABEL[share.role]}
                  </td>
                  <td className="col-shared-actions">
                    <button
                      type="button"
                      className="button subtle"
                      disabled={busy === share.id}
                      aria-label={`Leave ${share.item.name}`}
                      onClick={() => void leave(share.id, share.item.name)}
                    >
                      Leave
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}

      {shares.status === "ready" && shares.byMe.length > 0 && (
        <section className="shared-by-me" aria-labelledby="shared-by-me">
          <h2 id="shared-by-me" className="section-title">
            Shared by you
          </h2>
          <table className="listing shared-listing">
            <caption className="sr-only">Folders you share</caption>
            <thead>
              <tr>
                <th scope="col" className="col-name">
                  Name
                </th>
                <th scope="col" className="col-shared-actions">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.byMe.map((share) => (
                <tr key={share.id} data-id={share.id}>
                  <td className="col-name">
                    <Link className="entry-name" href={hrefOf(share.item)}>
                      <FolderIcon />
                      <span>{share.item.name}</span>
                    </Link>
                  </td>
                  <td className="col-shared-actions">
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Manage sharing of ${share.item.name}`}
                      onClick={() => setManaging(share.item)}
                    >
                      <ShareIcon />
                      Manage
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {managing && (
        <ShareDialog
          item={{ id: managing.id, name: managing.name, isFolder: managing.__typename === "Folder" }}
          mode="share"
          onClose={() => setManaging(null)}
          onSignedOut={toSignIn}
        />
      )}
    </AppShell>
  );
}
