import type { Metadata } from "next";
import { ClientOnly } from "../../components/client-only";
import { DriveView } from "../drive-view";
import { DriveViewPlaceholder } from "../drive-view-placeholder";

export const metadata: Metadata = { title: "My files" };

/**
 * /drive/<folder path>: a folder's contents. The path is read from the URL by DriveView (in the
 * browser, like all of the drive's data), not from route params: see segmentsFromPathname. The
 * server's HTML is the same for every path (a placeholder), so offline the service worker can
 * serve it for any folder (see ClientOnly).
 */
export default function DrivePage() {
  return (
    <ClientOnly fallback={<DriveViewPlaceholder />}>
      <DriveView />
    </ClientOnly>
  );
}
