import type { Metadata } from "next";
import { ExplorerLoader } from "./explorer-loader";

export const metadata: Metadata = { title: "GraphQL explorer", robots: { index: false } };

/**
 * The GraphQL explorer (GraphiQL, bundled: nothing loads from another origin). It is shown at
 * /api/graphql: server.ts renders this page when a browser loads that address
 * (graphql/explorer.ts) and redirects /explorer there.
 */
export default function ExplorerPage() {
  return <ExplorerLoader />;
}
