import type { Metadata } from "next";
import { Suspense } from "react";
import { ClientOnly } from "../../components/client-only";
import { DriveViewPlaceholder } from "../../drive/drive-view-placeholder";
import { FileView } from "../../drive/files/file-view";

export const metadata: Metadata = { title: "File" };

/**
 * /file/<id>: one file — preview (?view=preview, optionally &version=N), version history
 * (?view=versions), changes between two versions of a text file (?view=changes&from=1&to=2) and
 * the text editor (?view=edit). Everything is fetched in the browser, like the drive; the id is
 * read from the URL there too, so the server's HTML fits every file (see ClientOnly).
 */
export default function FilePage() {
  return (
    <ClientOnly fallback={<DriveViewPlaceholder />}>
      <Suspense fallback={<DriveViewPlaceholder />}>
        <FileView />
      </Suspense>
    </ClientOnly>
  );
}
