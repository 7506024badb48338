/** The drive's GraphQL mutations and small reads (typed by `npm run codegen`, run with app/lib/gql.ts). */
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

export const RenameMutation = graphql(`
  mutation DriveRename($input: RenameInput!) {
    rename(input: $input) {
      node {
        id
        name
      }
    }
  }
`);

export const MoveMutation = graphql(`
  mutation DriveMove($input: MoveInput!) {
    move(input: $input) {
      node {
        id
        name
        path
      }
    }
  }
`);

export const TrashMutation = graphql(`
  mutation DriveTrashNode($input: NodeInput!) {
    trash(input: $input) {
      node {
        id
        name
      }
    }
  }
`);

export const RestoreMutation = graphql(`
  mutation DriveRestore($input: NodeInput!) {
    restore(input: $input) {
      node {
        id
        name
        path
      }
    }
  }
`);

export const DeleteForeverMutation = graphql(`
  mutation DriveDeleteForever($input: NodeInput!) {
    deleteForever(input: $input) {
      node {
        id
        name
      }
    }
  }
`);
