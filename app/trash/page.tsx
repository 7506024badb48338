import type { Metadata } from "next";
import { TrashView } from "./trash-view";

export const metadata: Metadata = { title: "Trash" };

/** /trash: items put in the trash, with Restore and Delete forever. */
export default function TrashPage() {
  return <TrashView />;
}
