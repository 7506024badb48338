/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query DriveFolder($path: String!, $first: Int!) {\n    me {\n      id\n      email\n      name\n    }\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n      ... on Folder {\n        children(first: $first, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.DriveFolderDocument,
    "\n  query DriveMoreChildren($id: ID!, $first: Int!, $after: String!) {\n    node(id: $id) {\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.DriveMoreChildrenDocument,
    "\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n    }\n  }\n": typeof types.DriveEntryFragmentDoc,
    "\n  mutation DriveCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n        name\n      }\n    }\n  }\n": typeof types.DriveCreateFolderDocument,
};
const documents: Documents = {
    "\n  query DriveFolder($path: String!, $first: Int!) {\n    me {\n      id\n      email\n      name\n    }\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n      ... on Folder {\n        children(first: $first, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.DriveFolderDocument,
    "\n  query DriveMoreChildren($id: ID!, $first: Int!, $after: String!) {\n    node(id: $id) {\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.DriveMoreChildrenDocument,
    "\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n    }\n  }\n": types.DriveEntryFragmentDoc,
    "\n  mutation DriveCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n        name\n      }\n    }\n  }\n": types.DriveCreateFolderDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriveFolder($path: String!, $first: Int!) {\n    me {\n      id\n      email\n      name\n    }\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n      ... on Folder {\n        children(first: $first, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DriveFolder($path: String!, $first: Int!) {\n    me {\n      id\n      email\n      name\n    }\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n      ... on Folder {\n        children(first: $first, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriveMoreChildren($id: ID!, $first: Int!, $after: String!) {\n    node(id: $id) {\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DriveMoreChildren($id: ID!, $first: Int!, $after: String!) {\n    node(id: $id) {\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n    }\n  }\n"): (typeof documents)["\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DriveCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DriveCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n        name\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;