"use client";
/**
 * GraphiQL against /api/graphql on this origin. Everything comes from our own bundle: the editor
 * (Monaco) and its language workers are built by webpack from npm (`graphiql/setup-workers/webpack`)
 * and served from /_next/static; the stylesheet inlines its fonts. Loaded only by the explorer
 * page (next/dynamic), so the drive's pages never download it.
 */
import "graphiql/setup-workers/webpack";
import "graphiql/style.css";
import { GraphiQL } from "graphiql";
import { useEffect, useMemo } from "react";
import { Logo } from "../components/logo";
import { createExplorerFetcher } from "./fetcher";
import { explorerStorage } from "./storage";

const DEFAULT_QUERY = `# Cairn's GraphQL API, running as you (your session).
# Scripts send a personal access token instead:
#   Authorization: Bearer <token>
# Every type, field and error code is described under
# Docs (the book icon on the left).

query MyFiles {
  me {
    email
    name
  }
  root {
    children(first: 20) {
      nodes {
        name
        path
      }
    }
  }
}
`;

export function GraphiQLView({ userId, email }: { userId: string; email: string }) {
  const transport = useMemo(() => createExplorerFetcher(window.location), []);
  const storage = useMemo(() => explorerStorage(window.sessionStorage, userId), [userId]);
  useEffect(() => () => transport.dispose(), [transport]);
  return (
    <div className="explorer">
      <header className="explorer-bar">
        <a href="/drive" className="explorer-home" aria-label="Cairn: back to your files">
          <Logo size={24} />
        </a>
        <h1 className="explorer-title">GraphQL explorer</h1>
        <span className="explorer-user muted">
          Signed in as <span className="explorer-email">{email}</span>
        </span>
      </header>
      <div className="explorer-ide">
        <GraphiQL
          fetcher={transport.fetcher}
          storage={storage}
          defaultQuery={DEFAULT_QUERY}
          shouldPersistHeaders={false}
        >
          <GraphiQL.Logo>Cairn API</GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}
