import { graphql } from "../__generated__";

/** Who the explorer's requests run as (the session cookie), or UNAUTHENTICATED. */
export const ExplorerMeQuery = graphql(`
  query ExplorerMe {
    me {
      id
      email
    }
  }
`);
