/**
 * The GraphQL reads behind the drive's listings (typed by `npm run codegen`). Only the hooks in
 * this folder use them: when listings move to the local index (lib/sync), these go.
 */
import { graphql } from "../../__generated__";

export const PAGE_SIZE = 200;

export const DriveEntryFragment = graphql(`
  fragment DriveEntry on Node {
    __typename
    id
    name
    modifiedAt
    ... on File {
      size
      mimeType
    }
  }
`);

export const FolderByPathQuery = graphql(`
  query DriveFolderByPath($path: String!) {
    nodeByPath(path: $path) {
      __typename
      id
      name
      path
    }
  }
`);

export const FolderChildrenQuery = graphql(`
  query DriveFolderChildren($id: ID!, $first: Int!, $after: String, $orderBy: ChildOrder!) {
    node(id: $id) {
      __typename
      ... on Folder {
        children(first: $first, after: $after, orderBy: $orderBy) {
          nodes {
            ...DriveEntry
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export const TrashQuery = graphql(`
  query DriveTrash($first: Int!, $after: String) {
    trash(first: $first, after: $after) {
      nodes {
        ...DriveEntry
        path
        trashedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
