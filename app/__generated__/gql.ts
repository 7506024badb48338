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
    "\n  query Storage {\n    storage {\n      usedBytes\n      quotaBytes\n    }\n  }\n": typeof types.StorageDocument,
    "\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n": typeof types.DriveEntryFragmentDoc,
    "\n  query DriveFolderByPath($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n    }\n  }\n": typeof types.DriveFolderByPathDocument,
    "\n  query DriveFolderChildren($id: ID!, $first: Int!, $after: String, $orderBy: ChildOrder!) {\n    node(id: $id) {\n      __typename\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: $orderBy) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.DriveFolderChildrenDocument,
    "\n  query DriveTrash($first: Int!, $after: String) {\n    trash(first: $first, after: $after) {\n      nodes {\n        ...DriveEntry\n        path\n        trashedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DriveTrashDocument,
    "\n  query FileDetails($id: ID!, $versions: Int!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      path\n      trashedAt\n      modifiedAt\n      ... on File {\n        size\n        mimeType\n        contentHash\n        role\n        parent {\n          id\n          path\n        }\n        currentVersion {\n          id\n          number\n        }\n        versions(first: $versions) {\n          nodes {\n            id\n            number\n            size\n            createdAt\n            contentHash\n            deviceName\n            author {\n              id\n              name\n              email\n            }\n          }\n          pageInfo {\n            hasNextPage\n          }\n        }\n      }\n    }\n  }\n": typeof types.FileDetailsDocument,
    "\n  mutation FileRestoreVersion($input: RestoreVersionInput!) {\n    restoreVersion(input: $input) {\n      version {\n        id\n        number\n      }\n      unchanged\n    }\n  }\n": typeof types.FileRestoreVersionDocument,
    "\n  mutation FilePrepareUpload($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n": typeof types.FilePrepareUploadDocument,
    "\n  mutation FileCommit($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n": typeof types.FileCommitDocument,
    "\n  query VersionChunks($id: ID!) {\n    version(id: $id) {\n      id\n      number\n      size\n      contentHash\n      chunks {\n        hash\n        offset\n        size\n      }\n    }\n  }\n": typeof types.VersionChunksDocument,
    "\n  query DriveMe {\n    me {\n      id\n      email\n      name\n    }\n  }\n": typeof types.DriveMeDocument,
    "\n  fragment ShareMembers on Share {\n    id\n    role\n    owner {\n      id\n      email\n      name\n    }\n    members {\n      role\n      addedAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": typeof types.ShareMembersFragmentDoc,
    "\n  fragment LinkRow on Link {\n    id\n    hasPassword\n    expiresAt\n    createdAt\n    createdBy {\n      id\n      name\n      email\n    }\n  }\n": typeof types.LinkRowFragmentDoc,
    "\n  query Shares {\n    sharedWithMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n      owner {\n        id\n        email\n        name\n      }\n    }\n    sharedByMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n    }\n  }\n": typeof types.SharesDocument,
    "\n  query ShareDialog($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      ... on Folder {\n        role\n        share {\n          ...ShareMembers\n          folder {\n            id\n          }\n        }\n        links {\n          ...LinkRow\n        }\n      }\n      ... on File {\n        role\n        links {\n          ...LinkRow\n        }\n      }\n    }\n  }\n": typeof types.ShareDialogDocument,
    "\n  mutation ShareFolder($input: ShareFolderInput!) {\n    shareFolder(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n": typeof types.ShareFolderDocument,
    "\n  mutation SetShareRole($input: SetShareRoleInput!) {\n    setShareRole(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n": typeof types.SetShareRoleDocument,
    "\n  mutation RemoveShareMember($input: RemoveShareMemberInput!) {\n    removeShareMember(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n": typeof types.RemoveShareMemberDocument,
    "\n  mutation CreateLink($input: CreateLinkInput!) {\n    createLink(input: $input) {\n      token\n      url\n      link {\n        ...LinkRow\n      }\n    }\n  }\n": typeof types.CreateLinkDocument,
    "\n  mutation RevokeLink($input: RevokeLinkInput!) {\n    revokeLink(input: $input) {\n      id\n    }\n  }\n": typeof types.RevokeLinkDocument,
    "\n  query PublicLink($token: String!, $password: String) {\n    publicLink(token: $token, password: $password) {\n      passwordRequired\n      expiresAt\n      grant\n      node {\n        ...LinkNode\n      }\n    }\n  }\n": typeof types.PublicLinkDocument,
    "\n  fragment LinkNode on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n": typeof types.LinkNodeFragmentDoc,
    "\n  query LinkFolder($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      ...LinkNode\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...LinkNode\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.LinkFolderDocument,
    "\n  mutation UploadPrepare($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n": typeof types.UploadPrepareDocument,
    "\n  mutation UploadCommitFile($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n": typeof types.UploadCommitFileDocument,
    "\n  mutation UploadCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n      }\n    }\n  }\n": typeof types.UploadCreateFolderDocument,
    "\n  query UploadNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      path\n    }\n  }\n": typeof types.UploadNodeDocument,
    "\n  query UploadFind($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      ... on File {\n        currentVersion {\n          id\n          number\n          contentHash\n        }\n      }\n    }\n  }\n": typeof types.UploadFindDocument,
    "\n  query UploadMe {\n    me {\n      id\n    }\n  }\n": typeof types.UploadMeDocument,
    "\n  query ExplorerMe {\n    me {\n      id\n      email\n    }\n  }\n": typeof types.ExplorerMeDocument,
    "\n  query PickerApp($appKey: String!, $origin: String!) {\n    pickerApp(appKey: $appKey, origin: $origin) {\n      name\n      appKey\n    }\n  }\n": typeof types.PickerAppDocument,
    "\n  mutation ChooseItems($input: ChooseItemsInput!) {\n    chooseItems(input: $input) {\n      id\n      name\n      bytes\n      mimeType\n      isDir\n      link\n      expires\n      icon\n    }\n  }\n": typeof types.ChooseItemsDocument,
    "\n  fragment AppFields on App {\n    id\n    name\n    appKey\n    confidential\n    origins\n    redirectUris\n    createdAt\n    revokedAt\n  }\n": typeof types.AppFieldsFragmentDoc,
    "\n  query SettingsApps {\n    apps {\n      ...AppFields\n    }\n  }\n": typeof types.SettingsAppsDocument,
    "\n  mutation SettingsRegisterApp($input: RegisterAppInput!) {\n    registerApp(input: $input) {\n      secret\n      app {\n        ...AppFields\n      }\n    }\n  }\n": typeof types.SettingsRegisterAppDocument,
    "\n  mutation SettingsUpdateApp($input: UpdateAppInput!) {\n    updateApp(input: $input) {\n      ...AppFields\n    }\n  }\n": typeof types.SettingsUpdateAppDocument,
    "\n  mutation SettingsRevokeApp($input: RevokeAppInput!) {\n    revokeApp(input: $input) {\n      ...AppFields\n    }\n  }\n": typeof types.SettingsRevokeAppDocument,
    "\n  query SettingsGrantedApps {\n    grantedApps {\n      id\n      appName\n      appKey\n      scopes\n      offline\n      grantedAt\n    }\n  }\n": typeof types.SettingsGrantedAppsDocument,
    "\n  mutation SettingsRevokeAppGrant($input: RevokeAppGrantInput!) {\n    revokeAppGrant(input: $input) {\n      id\n    }\n  }\n": typeof types.SettingsRevokeAppGrantDocument,
};
const documents: Documents = {
    "\n  query Storage {\n    storage {\n      usedBytes\n      quotaBytes\n    }\n  }\n": types.StorageDocument,
    "\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n": types.DriveEntryFragmentDoc,
    "\n  query DriveFolderByPath($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n    }\n  }\n": types.DriveFolderByPathDocument,
    "\n  query DriveFolderChildren($id: ID!, $first: Int!, $after: String, $orderBy: ChildOrder!) {\n    node(id: $id) {\n      __typename\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: $orderBy) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.DriveFolderChildrenDocument,
    "\n  query DriveTrash($first: Int!, $after: String) {\n    trash(first: $first, after: $after) {\n      nodes {\n        ...DriveEntry\n        path\n        trashedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DriveTrashDocument,
    "\n  query FileDetails($id: ID!, $versions: Int!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      path\n      trashedAt\n      modifiedAt\n      ... on File {\n        size\n        mimeType\n        contentHash\n        role\n        parent {\n          id\n          path\n        }\n        currentVersion {\n          id\n          number\n        }\n        versions(first: $versions) {\n          nodes {\n            id\n            number\n            size\n            createdAt\n            contentHash\n            deviceName\n            author {\n              id\n              name\n              email\n            }\n          }\n          pageInfo {\n            hasNextPage\n          }\n        }\n      }\n    }\n  }\n": types.FileDetailsDocument,
    "\n  mutation FileRestoreVersion($input: RestoreVersionInput!) {\n    restoreVersion(input: $input) {\n      version {\n        id\n        number\n      }\n      unchanged\n    }\n  }\n": types.FileRestoreVersionDocument,
    "\n  mutation FilePrepareUpload($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n": types.FilePrepareUploadDocument,
    "\n  mutation FileCommit($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n": types.FileCommitDocument,
    "\n  query VersionChunks($id: ID!) {\n    version(id: $id) {\n      id\n      number\n      size\n      contentHash\n      chunks {\n        hash\n        offset\n        size\n      }\n    }\n  }\n": types.VersionChunksDocument,
    "\n  query DriveMe {\n    me {\n      id\n      email\n      name\n    }\n  }\n": types.DriveMeDocument,
    "\n  fragment ShareMembers on Share {\n    id\n    role\n    owner {\n      id\n      email\n      name\n    }\n    members {\n      role\n      addedAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n": types.ShareMembersFragmentDoc,
    "\n  fragment LinkRow on Link {\n    id\n    hasPassword\n    expiresAt\n    createdAt\n    createdBy {\n      id\n      name\n      email\n    }\n  }\n": types.LinkRowFragmentDoc,
    "\n  query Shares {\n    sharedWithMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n      owner {\n        id\n        email\n        name\n      }\n    }\n    sharedByMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n    }\n  }\n": types.SharesDocument,
    "\n  query ShareDialog($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      ... on Folder {\n        role\n        share {\n          ...ShareMembers\n          folder {\n            id\n          }\n        }\n        links {\n          ...LinkRow\n        }\n      }\n      ... on File {\n        role\n        links {\n          ...LinkRow\n        }\n      }\n    }\n  }\n": types.ShareDialogDocument,
    "\n  mutation ShareFolder($input: ShareFolderInput!) {\n    shareFolder(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n": types.ShareFolderDocument,
    "\n  mutation SetShareRole($input: SetShareRoleInput!) {\n    setShareRole(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n": types.SetShareRoleDocument,
    "\n  mutation RemoveShareMember($input: RemoveShareMemberInput!) {\n    removeShareMember(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n": types.RemoveShareMemberDocument,
    "\n  mutation CreateLink($input: CreateLinkInput!) {\n    createLink(input: $input) {\n      token\n      url\n      link {\n        ...LinkRow\n      }\n    }\n  }\n": types.CreateLinkDocument,
    "\n  mutation RevokeLink($input: RevokeLinkInput!) {\n    revokeLink(input: $input) {\n      id\n    }\n  }\n": types.RevokeLinkDocument,
    "\n  query PublicLink($token: String!, $password: String) {\n    publicLink(token: $token, password: $password) {\n      passwordRequired\n      expiresAt\n      grant\n      node {\n        ...LinkNode\n      }\n    }\n  }\n": types.PublicLinkDocument,
    "\n  fragment LinkNode on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n": types.LinkNodeFragmentDoc,
    "\n  query LinkFolder($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      ...LinkNode\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...LinkNode\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.LinkFolderDocument,
    "\n  mutation UploadPrepare($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n": types.UploadPrepareDocument,
    "\n  mutation UploadCommitFile($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n": types.UploadCommitFileDocument,
    "\n  mutation UploadCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n      }\n    }\n  }\n": types.UploadCreateFolderDocument,
    "\n  query UploadNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      path\n    }\n  }\n": types.UploadNodeDocument,
    "\n  query UploadFind($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      ... on File {\n        currentVersion {\n          id\n          number\n          contentHash\n        }\n      }\n    }\n  }\n": types.UploadFindDocument,
    "\n  query UploadMe {\n    me {\n      id\n    }\n  }\n": types.UploadMeDocument,
    "\n  query ExplorerMe {\n    me {\n      id\n      email\n    }\n  }\n": types.ExplorerMeDocument,
    "\n  query PickerApp($appKey: String!, $origin: String!) {\n    pickerApp(appKey: $appKey, origin: $origin) {\n      name\n      appKey\n    }\n  }\n": types.PickerAppDocument,
    "\n  mutation ChooseItems($input: ChooseItemsInput!) {\n    chooseItems(input: $input) {\n      id\n      name\n      bytes\n      mimeType\n      isDir\n      link\n      expires\n      icon\n    }\n  }\n": types.ChooseItemsDocument,
    "\n  fragment AppFields on App {\n    id\n    name\n    appKey\n    confidential\n    origins\n    redirectUris\n    createdAt\n    revokedAt\n  }\n": types.AppFieldsFragmentDoc,
    "\n  query SettingsApps {\n    apps {\n      ...AppFields\n    }\n  }\n": types.SettingsAppsDocument,
    "\n  mutation SettingsRegisterApp($input: RegisterAppInput!) {\n    registerApp(input: $input) {\n      secret\n      app {\n        ...AppFields\n      }\n    }\n  }\n": types.SettingsRegisterAppDocument,
    "\n  mutation SettingsUpdateApp($input: UpdateAppInput!) {\n    updateApp(input: $input) {\n      ...AppFields\n    }\n  }\n": types.SettingsUpdateAppDocument,
    "\n  mutation SettingsRevokeApp($input: RevokeAppInput!) {\n    revokeApp(input: $input) {\n      ...AppFields\n    }\n  }\n": types.SettingsRevokeAppDocument,
    "\n  query SettingsGrantedApps {\n    grantedApps {\n      id\n      appName\n      appKey\n      scopes\n      offline\n      grantedAt\n    }\n  }\n": types.SettingsGrantedAppsDocument,
    "\n  mutation SettingsRevokeAppGrant($input: RevokeAppGrantInput!) {\n    revokeAppGrant(input: $input) {\n      id\n    }\n  }\n": types.SettingsRevokeAppGrantDocument,
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
export function graphql(source: "\n  query Storage {\n    storage {\n      usedBytes\n      quotaBytes\n    }\n  }\n"): (typeof documents)["\n  query Storage {\n    storage {\n      usedBytes\n      quotaBytes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n"): (typeof documents)["\n  fragment DriveEntry on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriveFolderByPath($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n    }\n  }\n"): (typeof documents)["\n  query DriveFolderByPath($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      name\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriveFolderChildren($id: ID!, $first: Int!, $after: String, $orderBy: ChildOrder!) {\n    node(id: $id) {\n      __typename\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: $orderBy) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DriveFolderChildren($id: ID!, $first: Int!, $after: String, $orderBy: ChildOrder!) {\n    node(id: $id) {\n      __typename\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: $orderBy) {\n          nodes {\n            ...DriveEntry\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriveTrash($first: Int!, $after: String) {\n    trash(first: $first, after: $after) {\n      nodes {\n        ...DriveEntry\n        path\n        trashedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query DriveTrash($first: Int!, $after: String) {\n    trash(first: $first, after: $after) {\n      nodes {\n        ...DriveEntry\n        path\n        trashedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FileDetails($id: ID!, $versions: Int!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      path\n      trashedAt\n      modifiedAt\n      ... on File {\n        size\n        mimeType\n        contentHash\n        role\n        parent {\n          id\n          path\n        }\n        currentVersion {\n          id\n          number\n        }\n        versions(first: $versions) {\n          nodes {\n            id\n            number\n            size\n            createdAt\n            contentHash\n            deviceName\n            author {\n              id\n              name\n              email\n            }\n          }\n          pageInfo {\n            hasNextPage\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FileDetails($id: ID!, $versions: Int!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      path\n      trashedAt\n      modifiedAt\n      ... on File {\n        size\n        mimeType\n        contentHash\n        role\n        parent {\n          id\n          path\n        }\n        currentVersion {\n          id\n          number\n        }\n        versions(first: $versions) {\n          nodes {\n            id\n            number\n            size\n            createdAt\n            contentHash\n            deviceName\n            author {\n              id\n              name\n              email\n            }\n          }\n          pageInfo {\n            hasNextPage\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FileRestoreVersion($input: RestoreVersionInput!) {\n    restoreVersion(input: $input) {\n      version {\n        id\n        number\n      }\n      unchanged\n    }\n  }\n"): (typeof documents)["\n  mutation FileRestoreVersion($input: RestoreVersionInput!) {\n    restoreVersion(input: $input) {\n      version {\n        id\n        number\n      }\n      unchanged\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FilePrepareUpload($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n"): (typeof documents)["\n  mutation FilePrepareUpload($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FileCommit($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n"): (typeof documents)["\n  mutation FileCommit($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionChunks($id: ID!) {\n    version(id: $id) {\n      id\n      number\n      size\n      contentHash\n      chunks {\n        hash\n        offset\n        size\n      }\n    }\n  }\n"): (typeof documents)["\n  query VersionChunks($id: ID!) {\n    version(id: $id) {\n      id\n      number\n      size\n      contentHash\n      chunks {\n        hash\n        offset\n        size\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DriveMe {\n    me {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  query DriveMe {\n    me {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShareMembers on Share {\n    id\n    role\n    owner {\n      id\n      email\n      name\n    }\n    members {\n      role\n      addedAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ShareMembers on Share {\n    id\n    role\n    owner {\n      id\n      email\n      name\n    }\n    members {\n      role\n      addedAt\n      user {\n        id\n        email\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LinkRow on Link {\n    id\n    hasPassword\n    expiresAt\n    createdAt\n    createdBy {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment LinkRow on Link {\n    id\n    hasPassword\n    expiresAt\n    createdAt\n    createdBy {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Shares {\n    sharedWithMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n      owner {\n        id\n        email\n        name\n      }\n    }\n    sharedByMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Shares {\n    sharedWithMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n      owner {\n        id\n        email\n        name\n      }\n    }\n    sharedByMe {\n      id\n      role\n      item {\n        __typename\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShareDialog($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      ... on Folder {\n        role\n        share {\n          ...ShareMembers\n          folder {\n            id\n          }\n        }\n        links {\n          ...LinkRow\n        }\n      }\n      ... on File {\n        role\n        links {\n          ...LinkRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ShareDialog($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      name\n      ... on Folder {\n        role\n        share {\n          ...ShareMembers\n          folder {\n            id\n          }\n        }\n        links {\n          ...LinkRow\n        }\n      }\n      ... on File {\n        role\n        links {\n          ...LinkRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShareFolder($input: ShareFolderInput!) {\n    shareFolder(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ShareFolder($input: ShareFolderInput!) {\n    shareFolder(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetShareRole($input: SetShareRoleInput!) {\n    setShareRole(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetShareRole($input: SetShareRoleInput!) {\n    setShareRole(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveShareMember($input: RemoveShareMemberInput!) {\n    removeShareMember(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveShareMember($input: RemoveShareMemberInput!) {\n    removeShareMember(input: $input) {\n      share {\n        ...ShareMembers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLink($input: CreateLinkInput!) {\n    createLink(input: $input) {\n      token\n      url\n      link {\n        ...LinkRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLink($input: CreateLinkInput!) {\n    createLink(input: $input) {\n      token\n      url\n      link {\n        ...LinkRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeLink($input: RevokeLinkInput!) {\n    revokeLink(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeLink($input: RevokeLinkInput!) {\n    revokeLink(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicLink($token: String!, $password: String) {\n    publicLink(token: $token, password: $password) {\n      passwordRequired\n      expiresAt\n      grant\n      node {\n        ...LinkNode\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublicLink($token: String!, $password: String) {\n    publicLink(token: $token, password: $password) {\n      passwordRequired\n      expiresAt\n      grant\n      node {\n        ...LinkNode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LinkNode on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n"): (typeof documents)["\n  fragment LinkNode on Node {\n    __typename\n    id\n    name\n    modifiedAt\n    ... on File {\n      size\n      mimeType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LinkFolder($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      ...LinkNode\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...LinkNode\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LinkFolder($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      ...LinkNode\n      ... on Folder {\n        children(first: $first, after: $after, orderBy: NAME_ASC) {\n          nodes {\n            ...LinkNode\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadPrepare($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n"): (typeof documents)["\n  mutation UploadPrepare($input: PrepareUploadInput!) {\n    prepareUpload(input: $input) {\n      missing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadCommitFile($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n"): (typeof documents)["\n  mutation UploadCommitFile($input: CommitFileInput!) {\n    commitFile(input: $input) {\n      file {\n        id\n        name\n      }\n      version {\n        id\n        number\n      }\n      conflict {\n        copyName\n        reason\n      }\n      unchanged\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UploadCreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      node {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      path\n    }\n  }\n"): (typeof documents)["\n  query UploadNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadFind($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      ... on File {\n        currentVersion {\n          id\n          number\n          contentHash\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UploadFind($path: String!) {\n    nodeByPath(path: $path) {\n      __typename\n      id\n      ... on File {\n        currentVersion {\n          id\n          number\n          contentHash\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadMe {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query UploadMe {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerMe {\n    me {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  query ExplorerMe {\n    me {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PickerApp($appKey: String!, $origin: String!) {\n    pickerApp(appKey: $appKey, origin: $origin) {\n      name\n      appKey\n    }\n  }\n"): (typeof documents)["\n  query PickerApp($appKey: String!, $origin: String!) {\n    pickerApp(appKey: $appKey, origin: $origin) {\n      name\n      appKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChooseItems($input: ChooseItemsInput!) {\n    chooseItems(input: $input) {\n      id\n      name\n      bytes\n      mimeType\n      isDir\n      link\n      expires\n      icon\n    }\n  }\n"): (typeof documents)["\n  mutation ChooseItems($input: ChooseItemsInput!) {\n    chooseItems(input: $input) {\n      id\n      name\n      bytes\n      mimeType\n      isDir\n      link\n      expires\n      icon\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppFields on App {\n    id\n    name\n    appKey\n    confidential\n    origins\n    redirectUris\n    createdAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment AppFields on App {\n    id\n    name\n    appKey\n    confidential\n    origins\n    redirectUris\n    createdAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsApps {\n    apps {\n      ...AppFields\n    }\n  }\n"): (typeof documents)["\n  query SettingsApps {\n    apps {\n      ...AppFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRegisterApp($input: RegisterAppInput!) {\n    registerApp(input: $input) {\n      secret\n      app {\n        ...AppFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsRegisterApp($input: RegisterAppInput!) {\n    registerApp(input: $input) {\n      secret\n      app {\n        ...AppFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsUpdateApp($input: UpdateAppInput!) {\n    updateApp(input: $input) {\n      ...AppFields\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsUpdateApp($input: UpdateAppInput!) {\n    updateApp(input: $input) {\n      ...AppFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRevokeApp($input: RevokeAppInput!) {\n    revokeApp(input: $input) {\n      ...AppFields\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsRevokeApp($input: RevokeAppInput!) {\n    revokeApp(input: $input) {\n      ...AppFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsGrantedApps {\n    grantedApps {\n      id\n      appName\n      appKey\n      scopes\n      offline\n      grantedAt\n    }\n  }\n"): (typeof documents)["\n  query SettingsGrantedApps {\n    grantedApps {\n      id\n      appName\n      appKey\n      scopes\n      offline\n      grantedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRevokeAppGrant($input: RevokeAppGrantInput!) {\n    revokeAppGrant(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsRevokeAppGrant($input: RevokeAppGrantInput!) {\n    revokeAppGrant(input: $input) {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;