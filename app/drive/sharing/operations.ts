/**
 * The sharing UI's GraphQL operations (graphql/schema/sharing.graphql, docs/sharing.md), typed by
 * `npx graphql-codegen --config codegen.ts` and run with app/lib/gql.ts.
 */
import { graphql } from "../../__generated__";

export const ShareMembersFragment = graphql(`
  fragment ShareMembers on Share {
    id
    role
    owner {
      id
      email
      name
    }
    members {
      role
      addedAt
      user {
        id
        email
        name
      }
    }
  }
`);

export const LinkRowFragment = graphql(`
  fragment LinkRow on Link {
    id
    hasPassword
    expiresAt
    createdAt
    createdBy {
      id
      name
      email
    }
  }
`);

/** Shares the signed-in user is in, both ways: the role map of the drive and the /shared page. */
export const SharesQuery = graphql(`
  query Shares {
    sharedWithMe {
      id
      role
      item {
        __typename
        id
        name
      }
      owner {
        id
        email
        name
      }
    }
    sharedByMe {
      id
      role
      item {
        __typename
        id
        name
      }
    }
  }
`);

/** What the share dialog shows for an item: its share (with members) and its links. */
export const ShareDialogQuery = graphql(`
  query ShareDialog($id: ID!) {
    node(id: $id) {
      __typename
      id
      name
      ... on Folder {
        role
        share {
          ...ShareMembers
          folder {
            id
          }
        }
        links {
          ...LinkRow
        }
      }
      ... on File {
        role
        links {
          ...LinkRow
        }
      }
    }
  }
`);

export const ShareFolderMutation = graphql(`
  mutation ShareFolder($input: ShareFolderInput!) {
    shareFolder(input: $input) {
      share {
        ...ShareMembers
      }
    }
  }
`);

export const SetShareRoleMutation = graphql(`
  mutation SetShareRole($input: SetShareRoleInput!) {
    setShareRole(input: $input) {
      share {
        ...ShareMembers
      }
    }
  }
`);

export const RemoveShareMemberMutation = graphql(`
  mutation RemoveShareMember($input: RemoveShareMemberInput!) {
    removeShareMember(input: $input) {
      share {
        ...ShareMembers
      }
    }
  }
`);

export const CreateLinkMutation = graphql(`
  mutation CreateLink($input: CreateLinkInput!) {
    createLink(input: $input) {
      token
      url
      link {
        ...LinkRow
      }
    }
  }
`);

export const RevokeLinkMutation = graphql(`
  mutation RevokeLink($input: RevokeLinkInput!) {
    revokeLink(input: $input) {
      id
    }
  }
`);

/** Opens a public link (no session): the link page. */
export const PublicLinkQuery = graphql(`
  query PublicLink($token: String!, $password: String) {
    publicLink(token: $token, password: $password) {
      passwordRequired
      expiresAt
      grant
      node {
        ...LinkNode
      }
    }
  }
`);

export const LinkNodeFragment = graphql(`
  fragment LinkNode on Node {
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

/** A folder's children as a link holder reads them (headers `x-cairn-link`, `x-cairn-link-grant`). */
export const LinkFolderQuery = graphql(`
  query LinkFolder($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      ...LinkNode
      ... on Folder {
        children(first: $first, after: $after, orderBy: NAME_ASC) {
          nodes {
            ...LinkNode
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
