/**
 * The drive's small GraphQL reads (typed by `npm run codegen`, run with app/lib/gql.ts). Tree
 * changes do not go through GraphQL here: they are queued in the sync engine's outbox (actions.ts).
 */
import { graphql } from "../__generated__";

export const MeQuery = graphql(`
  query DriveMe {
    me {
      id
      email
      name
    }
  }
`);
