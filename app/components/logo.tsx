/** Cairn's mark (three stacked stones) and name. Decorative: the text carries the meaning. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <span className="logo">
      <svg className="logo-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" />
        <g>
          <ellipse cx="16" cy="24" rx="9.5" ry="3.6" />
          <ellipse cx="16" cy="16.6" rx="7" ry="3.1" />
          <ellipse cx="16" cy="10" rx="4.6" ry="2.7" />
        </g>
      </svg>
      <span className="logo-name">Cairn</span>
    </span>
  );
}
