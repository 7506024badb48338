/** Small inline icons; decorative (aria-hidden), so the text next to them must say what they mean. */
import type { ReactNode } from "react";
import type { FileKind } from "../lib/file-types";

function Svg({ className, size = 20, children }: { className: string; size?: number; children: ReactNode }) {
  return (
    <svg className={`icon ${className}`} viewBox="0 0 24 24" width={size} height={size} aria-hidden="true">
      {children}
    </svg>
  );
}

function Stroke({ d, className = "", size = 18 }: { d: string; className?: string; size?: number }) {
  return (
    <Svg className={`icon-stroke ${className}`} size={size}>
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

const SHEET =
  "M6.5 2.5h7.2a2 2 0 0 1 1.4.6l3.8 3.8a2 2 0 0 1 .6 1.4v11.2a2 2 0 0 1-2 2h-11a2 2 0 0 1-2-2v-15a2 2 0 0 1 2-2z";

export function FolderIcon() {
  return (
    <Svg className="icon-folder">
      <path d="M3 6.5A2.5 2.5 0 0 1 5.5 4h3.59a2 2 0 0 1 1.41.59L12 6h6.5A2.5 2.5 0 0 1 21 8.5v9a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z" />
    </Svg>
  );
}

/** A sheet with a mark on it that says what kind of file it is. */
function Sheet({ kind, children }: { kind: string; children?: ReactNode }) {
  return (
    <Svg className={`icon-file icon-file-${kind}`}>
      <path d={SHEET} />
      <path className="icon-fold" d="M14 2.7V7a1.5 1.5 0 0 0 1.5 1.5h4.3" />
      <g className="icon-mark">{children}</g>
    </Svg>
  );
}

export function FileIcon() {
  return <Sheet kind="other" />;
}

export function FileKindIcon({ kind }: { kind: FileKind }) {
  switch (kind) {
    case "image":
      return (
        <Sheet kind="image">
          <circle cx="9.5" cy="11" r="1.6" />
          <path d="m6.5 18 3.6-4 2.2 2.3 2.4-3.1L17.5 18z" />
        </Sheet>
      );
    case "video":
      return (
        <Sheet kind="video">
          <path d="M10 11.2v5.6a.6.6 0 0 0 .9.5l4.4-2.8a.6.6 0 0 0 0-1l-4.4-2.8a.6.6 0 0 0-.9.5z" />
        </Sheet>
      );
    case "audio":
      return (
        <Sheet kind="audio">
          <path d="M14.5 10.2v5.6a1.8 1.8 0 1 1-1.2-1.7V12l-3.1.7v4.3a1.8 1.8 0 1 1-1.2-1.7v-4.4a.6.6 0 0 1 .5-.6l4.3-1a.6.6 0 0 1 .7.6z" />
        </Sheet>
      );
    case "pdf":
      return (
        <Sheet kind="pdf">
          <rect x="6.3" y="12" width="11.4" height="5" rx="1" />
        </Sheet>
      );
    case "text":
      return (
        <Sheet kind="text">
          <rect x="7.5" y="11" width="9" height="1.4" rx=".7" />
          <rect x="7.5" y="13.8" width="9" height="1.4" rx=".7" />
          <rect x="7.5" y="16.6" width="5.5" height="1.4" rx=".7" />
        </Sheet>
      );
    case "archive":
      return (
        <Sheet kind="archive">
          <rect x="10.8" y="9" width="2.4" height="1.6" rx=".4" />
          <rect x="10.8" y="11.6" width="2.4" height="1.6" rx=".4" />
          <rect x="10.3" y="14.2" width="3.4" height="3.6" rx=".8" />
        </Sheet>
      );
    default:
      return <Sheet kind="other" />;
  }
}

export function PlusIcon() {
  return <Stroke d="M12 5v14M5 12h14" />;
}

export function ChevronIcon() {
  return <Stroke className="icon-chevron" size={16} d="m9 6 6 6-6 6" />;
}

export function SortIcon({ direction }: { direction: "ascending" | "descending" | "none" }) {
  if (direction === "none")
    return <Stroke className="icon-sort icon-sort-none" size={14} d="m8 10 4-4 4 4M8 14l4 4 4-4" />;
  return (
    <Stroke
      className="icon-sort"
      size={14}
      d={direction === "ascending" ? "M12 19V5m-6 6 6-6 6 6" : "M12 5v14m-6-6 6 6 6-6"}
    />
  );
}

export function DownloadIcon() {
  return <Stroke d="M12 4v11m-5-5 5 5 5-5M5 20h14" />;
}

export function RenameIcon() {
  return <Stroke d="M4 20h4L19 9a2.1 2.1 0 0 0-3-3L5 17zM14 8l2.5 2.5" />;
}

export function MoveIcon() {
  return (
    <Stroke d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.3a2 2 0 0 1 1.4.6L11.6 7h6.9A2.5 2.5 0 0 1 21 9.5v7a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 16.5zM10 13h6m-2.5-2.5L16 13l-2.5 2.5" />
  );
}

export function TrashIcon() {
  return (
    <Stroke d="M4 7h16M10 11v6m4-6v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4.5A1.5 1.5 0 0 1 10.5 3h3A1.5 1.5 0 0 1 15 4.5V7" />
  );
}

export function RestoreIcon() {
  return <Stroke d="M4 12a8 8 0 1 0 2.4-5.7L4 8.6M4 4v4.6h4.6" />;
}

export function HistoryIcon() {
  return <Stroke d="M4 12a8 8 0 1 0 2.4-5.7L4 8.6M4 4v4.6h4.6M12 8v4.5l3 2" />;
}

export function EditIcon() {
  return <Stroke d="M12 20h8M4 20v-3.5L15.5 5a2.1 2.1 0 0 1 3 3L7 19.5z" />;
}

export function CompareIcon() {
  return <Stroke d="M7 4v16M17 4v16M4 8h6M14 16h6M4 12h6M14 12h6" />;
}

export function CloseIcon() {
  return <Stroke d="M6 6l12 12M18 6 6 18" />;
}

export function DriveIcon() {
  return (
    <Stroke d="M4 6.5A2.5 2.5 0 0 1 6.5 4h3.2a2 2 0 0 1 1.4.6L12.5 6h5A2.5 2.5 0 0 1 20 8.5v9a2.5 2.5 0 0 1-2.5 2.5h-11A2.5 2.5 0 0 1 4 17.5z" />
  );
}

export function CheckIcon() {
  return <Stroke d="m5 12.5 4.5 4.5L19 7.5" />;
}

export function ArrowLeftIcon() {
  return <Stroke d="M19 12H5m6-6-6 6 6 6" />;
}

export function ShareIcon() {
  return (
    <Stroke d="M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2.5 20a5.5 5.5 0 0 1 11 0M12.5 17.2A5.5 5.5 0 0 1 21.5 19" />
  );
}

export function LinkIcon() {
  return (
    <Stroke d="M10 14a4 4 0 0 0 5.7 0l3.1-3.1a4 4 0 0 0-5.7-5.7L11.8 6.5M14 10a4 4 0 0 0-5.7 0l-3.1 3.1a4 4 0 0 0 5.7 5.7l1.3-1.3" />
  );
}

export function CopyIcon() {
  return (
    <Stroke d="M9 9h9.5a1.5 1.5 0 0 1 1.5 1.5V20a1.5 1.5 0 0 1-1.5 1.5H9A1.5 1.5 0 0 1 7.5 20v-9.5A1.5 1.5 0 0 1 9 9zM4.5 15V4.5A1.5 1.5 0 0 1 6 3h10" />
  );
}

export function LockIcon() {
  return (
    <Stroke d="M6.5 11h11a1.5 1.5 0 0 1 1.5 1.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 19.5v-7A1.5 1.5 0 0 1 6.5 11zM8 11V8a4 4 0 0 1 8 0v3" />
  );
}

/** A pin in a circle: kept on this device ("available offline"). */
export function OfflineIcon() {
  return <Stroke d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7.5v7m-3-3 3 3 3-3M8.5 17h7" />;
}

export function StorageIcon() {
  return (
    <Stroke d="M4 7c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v10c0 1.7 3.6 3 8 3s8-1.3 8-3V7M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" />
  );
}
