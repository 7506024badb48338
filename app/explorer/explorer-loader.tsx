"use client";
/**
 * Asks the server who is signed in, then loads GraphiQL (its own chunks, only on this page) or
 * shows the way to sign in. A signed-out visitor never sees an editor that cannot run anything.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import { AuthCard } from "../components/auth-card";
import { gql, isGraphQLRequestError } from "../lib/gql";
import { ExplorerMeQuery } from "./operations";

/** Where the sign-in page sends the visitor back to. */
export const SIGN_IN_HREF = `/signin?next=${encodeURIComponent("/api/graphql")}`;

const GraphiQLView = dynamic(() => import("./graphiql-view").then((m) => m.GraphiQLView), {
  ssr: false,
  loading: () => <Waiting text="Loading the explorer…" />,
});

type State =
  | { kind: "checking" }
  | { kind: "signed-in"; id: string; email: string }
  | { kind: "signed-out" }
  | { kind: "unreachable" };

function Waiting({ text }: { text: string }) {
  return (
    <p className="muted explorer-waiting" role="status">
      {text}
    </p>
  );
}

export function ExplorerLoader() {
  const [state, setState] = useState<State>({ kind: "checking" });
  const check = useCallback(() => {
    setState({ kind: "checking" });
    gql(ExplorerMeQuery).then(
      (data) => setState({ kind: "signed-in", id: data.me.id, email: data.me.email }),
      (error) =>
        setState({
          kind:
            isGraphQLRequestError(error) && error.code === "UNAUTHENTICATED" ? "signed-out" : "unreachable",
        }),
    );
  }, []);
  useEffect(check, [check]);

  switch (state.kind) {
    case "checking":
      return <Waiting text="Loading…" />;
    case "signed-in":
      return <GraphiQLView userId={state.id} email={state.email} />;
    case "signed-out":
      return (
        <AuthCard title="GraphQL explorer" subtitle="Try Cairn's GraphQL API in your browser, as yourself.">
          <p>Sign in to run queries against your files. Requests from the explorer act as you.</p>
          <a className="button primary block" href={SIGN_IN_HREF}>
            Sign in
          </a>
          <p className="form-footer muted">
            Scripts call <code>/api/graphql</code> directly with a personal access token.
          </p>
        </AuthCard>
      );
    case "unreachable":
      return (
        <AuthCard title="GraphQL explorer" subtitle="The server could not be reached.">
          <button type="button" className="button primary block" onClick={check}>
            Try again
          </button>
        </AuthCard>
      );
  }
}
