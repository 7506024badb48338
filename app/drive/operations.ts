/** The drive page's GraphQL operations (typed by `npm run codegen`, run with app/lib/gql.ts). */
import { graphql } from "../__generated__";

export const PAGE_SIZE = 200;

export const DriveFolderQuery = graphql(`
  query DriveFolder($path: String!, $first: Int!) {
    me {
      id
      email
      name
    }
    nodeByPath(path: $path) {
      __typename
      id
      name
      path
      ... on Folder {
        children(first: $first, orderBy: NAME_ASC) {
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

export const MoreChildrenQuery = graphql(`
  query DriveMoreChildren($id: ID!, $first: Int!, $after: String!) {
    node(id: $id) {
      ... on Folder {
        children(first: $first, after: $after, orderBy: NAME_ASC) {
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

export const DriveEntryFragment = graphql(`
  fragment DriveEntry on Node {
    __typename
    id
    name
    modifiedAt
    ... on File {
      size
    }
  }
`);

export const CreateFolderMutation = graphql(`
  mutation DriveCreateFolder($input: CreateFolderInput!) {
    createFolder(input: $input) {
      node {
        id
        name
      }
    }
  }
`);
