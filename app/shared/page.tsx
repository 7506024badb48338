import type { Metadata } from "next";
import { SharedView } from "./shared-view";

export const metadata: Metadata = { title: "Shared with me" };

/** /shared: folders other people shared with you (and the ones you share), with your role. */
export default function SharedPage() {
  return <SharedView />;
}
