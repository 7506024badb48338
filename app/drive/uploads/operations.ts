/** GraphQL operations of uploads (typed by `npm run codegen`, run with app/lib/gql.ts). */
import { graphql } from "../../__generated__";

export const UploadPrepareMutation = graphql(`
  mutation UploadPrepare($input: PrepareUploadInput!) {
    prepareUpload(input: $input) {
      missing
    }
  }
`);

export const UploadCommitMutation = graphql(`
  mutation UploadCommitFile($input: CommitFileInput!) {
    commitFile(input: $input) {
      file {
        id
        name
      }
      version {
        id
        number
      }
      conflict {
        copyName
        reason
      }
      unchanged
    }
  }
`);

export const UploadCreateFolderMutation = graphql(`
  mutation UploadCreateFolder($input: CreateFolderInput!) {
    createFolder(input: $input) {
      node {
        id
      }
    }
  }
`);

/** A folder's path (to look a name up in it) and what a node is (a folder, or a file in the way). */
export const UploadNodeQuery = graphql(`
  query UploadNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      path
    }
  }
`);

/** What holds a path now: a file (with its current version, the base of a new upload) or a folder. */
export const UploadFindQuery = graphql(`
  query UploadFind($path: String!) {
    nodeByPath(path: $path) {
      __typename
      id
      ... on File {
        currentVersion {
          id
          number
          contentHash
        }
      }
    }
  }
`);

/** Whose uploads to resume. */
export const UploadMeQuery = graphql(`
  query UploadMe {
    me {
      id
    }
  }
`);
