/** Small inline icons; decorative (aria-hidden), so the text next to them must say what they mean. */

export function FolderIcon() {
  return (
    <svg className="icon icon-folder" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path d="M3 6.5A2.5 2.5 0 0 1 5.5 4h3.59a2 2 0 0 1 1.41.59L12 6h6.5A2.5 2.5 0 0 1 21 8.5v9a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z" />
    </svg>
  );
}

export function FileIcon() {
  return (
    <svg className="icon icon-file" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path d="M6.5 3h7.09a2 2 0 0 1 1.41.59l3.41 3.41a2 2 0 0 1 .59 1.41V18.5A2.5 2.5 0 0 1 16.5 21h-10A2.5 2.5 0 0 1 4 18.5v-13A2.5 2.5 0 0 1 6.5 3z" />
    </svg>
  );
}

export function PlusIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <path d="M12 5v14M5 12h14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function ChevronIcon() {
  return (
    <svg className="icon icon-chevron" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d="m9 6 6 6-6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
