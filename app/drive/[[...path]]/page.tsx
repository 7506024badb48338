import type { Metadata } from "next";
import { DriveView } from "../drive-view";

export const metadata: Metadata = { title: "My files" };

/**
 * /drive/<folder path>: a folder's contents. The path is read from the URL by DriveView (in the
 * browser, like all of the drive's data), not from route params: see segmentsFromPathname.
 */
export default function DrivePage() {
  return <DriveView />;
}
