"use client";
/**
 * "Make available offline" / "Remove offline copy" for one file or folder, and the badge of an
 * item kept on this device. An item inside a folder kept offline is kept with it: its copy goes
 * when the folder's does.
 */
import { OfflineIcon } from "../../components/icons";
import { useToast } from "../../components/toast";
import { offlineStateOf, useOfflineCopies } from "./use-offline";

export function OfflineBadge({ nodeId }: { nodeId: string }) {
  const { copies, snapshot } = useOfflineCopies();
  if (!snapshot.ready || !offlineStateOf(copies, nodeId)) return null;
  return (
    <span className="badge badge-offline" title="Kept on this device: opens with no connection">
      Available offline
    </span>
  );
}

export function OfflineToggle({
  item,
  variant,
}: {
  item: { id: string; name: string };
  /** `icon`: a row's icon button; `button`: a labelled button. */
  variant: "icon" | "button";
}) {
  const { copies, snapshot } = useOfflineCopies();
  const toast = useToast();
  if (!copies || !snapshot.ready) return null;
  const state = offlineStateOf(copies, item.id);
  if (state === "inherited") return null;
  const label = state === "chosen" ? "Remove offline copy" : "Make available offline";
  const onClick = () => {
    const done =
      state === "chosen"
        ? copies.unchoose(item.id).then(() => `“${item.name}” is no longer kept offline`)
        : copies
            .choose(item.id)
            .then(() =>
              copies.getSnapshot().waiting
                ? `“${item.name}” will be kept offline once you're back online`
                : `“${item.name}” is available offline`,
            );
    done.then(
      (message) => toast({ message }),
      (error: unknown) => {
        console.warn("Cairn: could not change what is kept offline.", error);
        toast({ tone: "error", message: `Couldn't change what is kept offline for “${item.name}”.` });
      },
    );
  };
  if (variant === "icon") {
    return (
      <button
        type="button"
        className="icon-button"
        tabIndex={-1}
        aria-label={
          state === "chosen" ? `Remove offline copy of ${item.name}` : `Make ${item.name} available offline`
        }
        title={label}
        onClick={onClick}
      >
        <OfflineIcon />
      </button>
    );
  }
  return (
    <button type="button" className="button" onClick={onClick}>
      <OfflineIcon />
      {label}
    </button>
  );
}
