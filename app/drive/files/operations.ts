/**
 * GraphQL operations of the file page: details with versions, a version's chunk list (for delta
 * downloads), version restore, and saving text.
 */
import { graphql } from "../../__generated__";

export const VERSIONS_SHOWN = 100;

export const FileDetailsQuery = graphql(`
  query FileDetails($id: ID!, $versions: Int!) {
    node(id: $id) {
      __typename
      id
      name
      path
      trashedAt
      modifiedAt
      ... on File {
        size
        mimeType
        contentHash
        role
        parent {
          id
          path
        }
        currentVersion {
          id
          number
        }
        versions(first: $versions) {
          nodes {
            id
            number
            size
            createdAt
            contentHash
            deviceName
            author {
              id
              name
              email
            }
          }
          pageInfo {
            hasNextPage
          }
        }
      }
    }
  }
`);

export const RestoreVersionMutation = graphql(`
  mutation FileRestoreVersion($input: RestoreVersionInput!) {
    restoreVersion(input: $input) {
      version {
        id
        number
      }
      unchanged
    }
  }
`);

export const PrepareUploadMutation = graphql(`
  mutation FilePrepareUpload($input: PrepareUploadInput!) {
    prepareUpload(input: $input) {
      missing
    }
  }
`);

export const CommitFileMutation = graphql(`
  mutation FileCommit($input: CommitFileInput!) {
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

export const VersionChunksQuery = graphql(`
  query VersionChunks($id: ID!) {
    version(id: $id) {
      id
      number
      size
      contentHash
      chunks {
        hash
        offset
        size
      }
    }
  }
`);
