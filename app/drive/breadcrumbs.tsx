import Link from "next/link";
import { ChevronIcon } from "../components/icons";
import { driveHref } from "../lib/drive-paths";

/**
 * "My files › Projects › 2026": every ancestor is a link; the current folder (or `leaf`, a file's
 * name on its page) is not.
 */
export function Breadcrumbs({ segments, leaf }: { segments: readonly string[]; leaf?: string }) {
  const crumbs: { name: string; href: string | null }[] = [{ name: "My files", href: driveHref([]) }].concat(
    segments.map((name, i) => ({ name, href: driveHref(segments.slice(0, i + 1)) })),
  );
  if (leaf !== undefined) crumbs.push({ name: leaf, href: null });
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={crumb.href ?? `leaf-${crumb.name}`}>
              {i > 0 && <ChevronIcon />}
              {last || !crumb.href ? (
                <span aria-current="page">{crumb.name}</span>
              ) : (
                <Link href={crumb.href}>{crumb.name}</Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
