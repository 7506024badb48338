"use client";

import { type FormEvent, useId, useRef, useState } from "react";
import type { ShareMembersFragment, ShareRole } from "../../__generated__/graphql";
import { gql } from "../../lib/gql";
import { newOpId } from "../../lib/op-id";
import { isSignedOut } from "../../lib/use-session";
import { RemoveShareMemberMutation, SetShareRoleMutation, ShareFolderMutation } from "./operations";
import { describeShareError } from "./share-errors";
import { ROLE_LABEL } from "./share-roles";

type MemberRole = Exclude<ShareRole, "OWNER">;

/**
 * "People with access" for the owner of a folder: add someone by email as Editor or Viewer, change
 * a member's role, remove them. `share` is null until the folder is first shared.
 */
export function PeopleSection({
  folderId,
  share,
  me,
  onChange,
  onSignedOut,
}: {
  folderId: string;
  share: ShareMembersFragment | null;
  me: { id: string; email: string; name: string } | null;
  onChange: (share: ShareMembersFragment | null) => void;
  onSignedOut: () => void;
}) {
  const ids = { email: useId(), role: useId(), error: useId(), heading: useId() };
  const emailInput = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("EDITOR");
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  async function add(event: FormEvent) {
    event.preventDefault();
    if (adding) return;
    const address = email.trim();
    if (!address.includes("@")) {
      setError("Enter the email address of the person to share with.");
      emailInput.current?.focus();
      return;
    }
    setAdding(true);
    setError(null);
    try {
      const data = await gql(ShareFolderMutation, {
        input: { folderId, email: address, role, opId: newOpId() },
      });
      onChange(data.shareFolder.share);
      setEmail("");
      setStatus(`Shared with ${address} as ${ROLE_LABEL[role]}`);
    } catch (e) {
      if (isSignedOut(e)) return onSignedOut();
      setError(describeShareError(e, "share"));
      emailInput.current?.focus();
    } finally {
      setAdding(false);
    }
  }

  async function changeRole(userId: string, label: string, next: MemberRole) {
    if (!share) return;
    setBusy(userId);
    setError(null);
    try {
      const data = await gql(SetShareRoleMutation, { input: { shareId: share.id, userId, role: next } });
      onChange(data.setShareRole.share);
      setStatus(`${label} is now ${ROLE_LABEL[next]}`);
    } catch (e) {
      if (isSignedOut(e)) return onSignedOut();
      setError(describeShareError(e, "role"));
    } finally {
      setBusy(null);
    }
  }

  async function remove(userId: string, label: string) {
    if (!share) return;
    setBusy(userId);
    setError(null);
    try {
      const data = await gql(RemoveShareMemberMutation, { input: { shareId: share.id, userId } });
      onChange(data.removeShareMember.share ?? null);
      setStatus(`${label} no longer has access`);
    } catch (e) {
      if (isSignedOut(e)) return onSignedOut();
      setError(describeShareError(e, "remove"));
    } finally {
      setBusy(null);
    }
  }

  const members = share?.members ?? [];
  const ownerId = share?.owner.id ?? me?.id;

  return (
    <section className="share-section" aria-labelledby={ids.heading}>
      <h3 id={ids.heading} className="share-section-title">
        People with access
      </h3>
      <form className="share-add" onSubmit={add} noValidate>
        <div className="field share-add-email">
          <label htmlFor={ids.email}>Email</label>
          <input
            ref={emailInput}
            id={ids.email}
            type="email"
            autoComplete="off"
            spellCheck={false}
            placeholder="name@example.com"
            value={email}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
            onChange={(event) => {
              setEmail(event.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select
            id={ids.role}
            className="select"
            value={role}
            onChange={(event) => setRole(event.target.value as MemberRole)}
          >
            <option value="EDITOR">Editor</option>
            <option value="VIEWER">Viewer</option>
          </select>
        </div>
        <button type="submit" className="button primary" disabled={adding}>
          {adding ? "Sharing…" : "Share"}
        </button>
      </form>
      {error && (
        <p id={ids.error} className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" role="status">
        {status}
      </p>
      <ul className="share-members" aria-label="Members">
        {members.length === 0 && me && (
          <li className="share-member">
            <span className="share-who">
              <span className="share-name">{me.name || me.email} (you)</span>
              <span className="muted share-email">{me.email}</span>
            </span>
            <span className="share-role-fixed">Owner</span>
          </li>
        )}
        {members.map((member) => {
          const label = member.user.email;
          const isOwner = member.role === "OWNER" || member.user.id === ownerId;
          const isMe = member.user.id === me?.id;
          return (
            <li key={member.user.id} className="share-member" data-email={member.user.email}>
              <span className="share-who">
                <span className="share-name">
                  {member.user.name || member.user.email}
                  {isMe ? " (you)" : ""}
                </span>
                <span className="muted share-email">{member.user.email}</span>
              </span>
              {isOwner ? (
                <span className="share-role-fixed">Owner</span>
              ) : (
                <span className="share-member-actions">
                  <select
                    className="select"
                    aria-label={`Role of ${label}`}
                    value={member.role}
                    disabled={busy === member.user.id}
                    onChange={(event) =>
                      void changeRole(member.user.id, label, event.target.value as MemberRole)
                    }
                  >
                    <option value="EDITOR">Editor</option>
                    <option value="VIEWER">Viewer</option>
                  </select>
                  <button
                    type="button"
                    className="button subtle danger"
                    aria-label={`Remove ${label}`}
                    disabled={busy === member.user.id}
                    onClick={() => void remove(member.user.id, label)}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
