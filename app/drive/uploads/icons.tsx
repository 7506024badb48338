/** Icons of the uploads UI, drawn like app/components/icons (decorative: aria-hidden). */

function Stroke({ d, size = 18 }: { d: string; size?: number }) {
  return (
    <svg className="icon icon-stroke" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true">
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function UploadIcon() {
  return <Stroke d="M12 16V4m-5 5 5-5 5 5M5 20h14" />;
}

export function FolderUploadIcon() {
  return (
    <Stroke d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.3a2 2 0 0 1 1.4.6L11.6 7h6.9A2.5 2.5 0 0 1 21 9.5v7a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 16.5zM12 16.5v-6m-2.5 2.5 2.5-2.5 2.5 2.5" />
  );
}

export function RetryIcon() {
  return <Stroke d="M20 12a8 8 0 1 1-2.4-5.7L20 8.6M20 4v4.6h-4.6" />;
}

export function ChevronDownIcon() {
  return <Stroke size={18} d="m6 9 6 6 6-6" />;
}

export function AlertIcon() {
  return (
    <Stroke d="M12 8v5m0 3.5v.01M10.3 3.9 2.6 17.5A2 2 0 0 0 4.3 20.5h15.4a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
  );
}

export function DoneIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width={20} height={20} aria-hidden="true">
      <circle cx="12" cy="12" r="10" fill="currentColor" />
      <path
        d="m7.5 12.5 3 3 6-6.5"
        fill="none"
        stroke="var(--surface)"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
