"use client";

import { useEffect, useState } from "react";
import type { LinkRowFragment, ShareMembersFragment } from "../../__generated__/graphql";
import { Dialog } from "../../components/dialog";
import { gql } from "../../lib/gql";
import { isSignedOut } from "../../lib/use-session";
import { useEngine, useSessionUser } from "../data/sync-provider";
import { LinksSection } from "./links-section";
import { ShareDialogQuery } from "./operations";
import { PeopleSection } from "./people-section";
import { describeShareError } from "./share-errors";
import { refreshShares } from "./share-roles";

export interface ShareTarget {
  id: string;
  name: string;
  isFolder: boolean;
}

/**
 * "Share" (a folder's owner: people and links) or "Get link" (owners and editors: links only).
 * What the dialog shows is read from the server when it opens; changes go straight to it.
 */
export function ShareDialog({
  item,
  mode,
  onClose,
  onSignedOut,
}: {
  item: ShareTarget;
  /** "share": people and links (the owner of a folder); "link": links only. */
  mode: "share" | "link";
  onClose: () => void;
  onSignedOut: () => void;
}) {
  const me = useSessionUser();
  const engine = useEngine();
  const [state, setState] = useState<
    | { kind: "loading" }
    | { kind: "error"; message: string }
    | { kind: "ready"; share: ShareMembersFragment | null; links: LinkRowFragment[] }
  >({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    gql(ShareDialogQuery, { id: item.id }).then(
      (data) => {
        if (cancelled) return;
        const node = data.node;
        if (!node) return setState({ kind: "error", message: "This item no longer exists." });
        setState({
          kind: "ready",
          share: node.__typename === "Folder" ? (node.share ?? null) : null,
          links: "links" in node ? [...node.links] : [],
        });
      },
      (error) => {
        if (cancelled) return;
        if (isSignedOut(error)) return onSignedOut();
        setState({ kind: "error", message: describeShareError(error, "load") });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [item.id, onSignedOut]);

  const people = mode === "share" && item.isFolder;
  const title = people ? `Share “${item.name}”` : `Get link to “${item.name}”`;

  return (
    <Dialog
      title={title}
      onClose={onClose}
      className="share-dialog"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      }
    >
      {state.kind === "loading" && <p className="muted">Loading…</p>}
      {state.kind === "error" && (
        <div className="notice" role="alert">
          <p>{state.message}</p>
        </div>
      )}
      {state.kind === "ready" && (
        <div className="share-sections">
          {people && (
            <PeopleSection
              folderId={item.id}
              share={state.share}
              me={me}
              onSignedOut={onSignedOut}
              onChange={(share) => {
                setState((s) => (s.kind === "ready" ? { ...s, share } : s));
                void refreshShares(engine);
              }}
            />
          )}
          <LinksSection
            nodeId={item.id}
            links={state.links}
            onSignedOut={onSignedOut}
            onChange={(links) => setState((s) => (s.kind === "ready" ? { ...s, links } : s))}
          />
        </div>
      )}
    </Dialog>
  );
}
