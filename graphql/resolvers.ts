/**
 * Resolvers: read the actor, call one lib/drive function, map the result. No SQL, no access
 * checks, no storage calls here: lib/drive does all of that.
 */
import { type GraphQLScalarType, type GraphQLScalarTypeConfig, Kind } from "graphql";
import type { NodeSnapshot } from "@/lib/drive";
import * as drive from "@/lib/drive";
import type { Resolvers } from "./__generated__/resolvers";
import { type Context, requireActor, requireReader } from "./context";

/**
 * A custom scalar's coercion functions, as graphql-tools takes them. Not a GraphQLScalarType:
 * graphql-tools copies every property of one onto the schema's scalar, its `description` too, so
 * it would replace the SDL's description (the one the explorer and introspection show).
 */
function scalar(
  config: Pick<GraphQLScalarTypeConfig<unknown, unknown>, "serialize" | "parseValue" | "parseLiteral">,
) {
  return config as unknown as GraphQLScalarType;
}

const DateTime = scalar({
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(v as string).toISOString()),
  parseValue: (v) => {
    const d = new Date(v as string);
    if (typeof v !== "string" || Number.isNaN(d.getTime()))
      throw new TypeError("DateTime must be an ISO 8601 string");
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) {
      throw new TypeError("DateTime must be an ISO 8601 string");
    }
    return new Date(ast.value);
  },
});

const opaqueString = (name: string) =>
  scalar({
    serialize: (v) => String(v),
    parseValue: (v) => {
      if (typeof v !== "string") throw new TypeError(`${name} must be a string`);
      return v;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new TypeError(`${name} must be a string`);
      return ast.value;
    },
  });

async function pathOf(ctx: Context, node: NodeSnapshot): Promise<string> {
  if (node.path !== undefined) return node.path;
  if (node.parentId === null) return "/";
  let parentPath = ctx.pathCache.get(node.parentId);
  if (!parentPath) {
    // A parent the reader cannot see (above a link's item) is the top of what they see.
    const reader = requireReader(ctx);
    parentPath = drive.getNode(ctx.db, reader, node.parentId).then(
      (parent) => drive.pathAsSeen(ctx.db, reader, parent),
      (error: unknown) => {
        if (drive.isDriveError(error) && error.code === "NOT_FOUND") return "/";
        throw error;
      },
    );
    ctx.pathCache.set(node.parentId, parentPath);
  }
  const base = await parentPath;
  return base === "/" ? `/${node.name}` : `${base}/${node.name}`;
}

async function parentOf(ctx: Context, node: NodeSnapshot): Promise<NodeSnapshot | null> {
  if (node.parentId === null) return null;
  try {
    return await drive.getNode(ctx.db, requireReader(ctx), node.parentId);
  } catch (error) {
    if (drive.isDriveError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

const ROLE = { owner: "OWNER", editor: "EDITOR", viewer: "VIEWER" } as const;

const nodeFields = {
  parent: (node: NodeSnapshot, _: unknown, ctx: Context) => parentOf(ctx, node),
  path: (node: NodeSnapshot, _: unknown, ctx: Context) => pathOf(ctx, node),
  trashedAt: (node: NodeSnapshot) => node.trashedAt,
  share: (node: NodeSnapshot, _: unknown, ctx: Context) =>
    drive.shareOfNode(ctx.db, requireReader(ctx), node),
  role: async (node: NodeSnapshot, _: unknown, ctx: Context) =>
    ROLE[await drive.roleOnNode(ctx.db, requireReader(ctx), node)],
  links: (node: NodeSnapshot, _: unknown, ctx: Context) =>
    ctx.actor?.link ? [] : drive.listLinks(ctx.db, requireActor(ctx), node.id),
};

const connection = (page: drive.Page<NodeSnapshot>) => ({
  edges: page.items,
  nodes: page.items.map((i) => i.node),
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
});

export const resolvers: Resolvers = {
  DateTime,
  Cursor: opaqueString("Cursor"),
  Node: {
    __resolveType: (node) => (node.kind === "folder" ? "Folder" : "File"),
  },
  Folder: {
    ...nodeFields,
    children: async (folder, args, ctx) =>
      connection(
        await drive.listChildren(ctx.db, requireReader(ctx), folder.id, {
          first: args.first,
          after: args.after,
          orderBy: args.orderBy,
        }),
      ),
  },
  File: {
    ...nodeFields,
    contentHash: (file) => file.contentHash ?? "",
    mimeType: (file) => file.mimeType ?? "application/octet-stream",
    currentVersion: (file, _, ctx) =>
      drive.getVersion(ctx.db, requireActor(ctx), file.currentVersionId ?? ""),
    versions: async (file, args, ctx) => {
      const page = await drive.listVersions(ctx.db, requireActor(ctx), file.id, args);
      return {
        nodes: page.items,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.items.at(-1) ? String(page.items.at(-1)!.number) : null,
        },
      };
    },
  },
  Version: {
    author: (version, _, ctx) => drive.getUserInfo(ctx.db, version.authorId),
    chunks: (version, _, ctx) => drive.listVersionChunks(ctx.db, requireActor(ctx), version),
  },
  ChunkHash: opaqueString("ChunkHash"),
  Change: {
    node: (change) => change.node,
    at: (change) => change.createdAt,
  },
  AccessToken: {},
  Share: {
    item: (share, _, ctx) => drive.shareFolderNode(ctx.db, requireActor(ctx), share),
    folder: async (share, _, ctx) => {
      const item = await drive.shareFolderNode(ctx.db, requireActor(ctx), share);
      return item.kind === "folder" ? item : null;
    },
    role: (share) => ROLE[share.role],
    owner: (share, _, ctx) => drive.getUserInfo(ctx.db, share.ownerId),
    members: (share, _, ctx) => drive.listShareMembers(ctx.db, requireActor(ctx), share.id),
  },
  ShareMember: {
    user: (member, _, ctx) => drive.getUserInfo(ctx.db, member.userId),
    role: (member) => ROLE[member.role],
  },
  Link: {
    node: (link, _, ctx) => drive.getNode(ctx.db, requireActor(ctx), link.nodeId),
    createdBy: (link, _, ctx) => drive.getUserInfo(ctx.db, link.createdBy),
  },
  User: { id: (user) => user.userId },
  Query: {
    me: (_, __, ctx) => requireActor(ctx),
    root: (_, __, ctx) => drive.getRoot(ctx.db, requireActor(ctx)),
    node: (_, args, ctx) => drive.getNode(ctx.db, requireReader(ctx), args.id),
    nodeByPath: (_, args, ctx) => drive.getNodeByPath(ctx.db, requireActor(ctx), args.path),
    trash: async (_, args, ctx) =>
      connection(await drive.listTrash(ctx.db, requireActor(ctx), { first: args.first, after: args.after })),
    changes: (_, args, ctx) => drive.getChanges(ctx.db, requireActor(ctx), args.cursor, args.first),
    accessTokens: (_, __, ctx) => drive.listAccessTokens(ctx.db, requireActor(ctx)),
    version: (_, args, ctx) => drive.getVersion(ctx.db, requireActor(ctx), args.id),
    storage: (_, __, ctx) => drive.getStorage(ctx.db, requireActor(ctx)),
    sharedWithMe: (_, __, ctx) => drive.listShares(ctx.db, requireActor(ctx), false),
    sharedByMe: (_, __, ctx) => drive.listShares(ctx.db, requireActor(ctx), true),
    share: (_, args, ctx) => drive.getShare(ctx.db, requireActor(ctx), args.id),
    apps: (_, __, ctx) => drive.listApps(ctx.db, requireActor(ctx)),
    pickerApp: (_, args, ctx) => drive.pickerApp(ctx.db, args.appKey, args.origin),
    grantedApps: (_, __, ctx) => drive.listOAuthGrants(ctx.db, requireActor(ctx)),
    publicLink: async (_, args, ctx) => {
      const opened = await drive.openLink(ctx.db, args.token, args.password);
      // The item's fields (children, ...) resolve as the link holder unless someone else asks.
      if (opened.actor && !ctx.actor) ctx.actor = opened.actor;
      return opened;
    },
  },
  Mutation: {
    _noop: () => null,
    createFolder: (_, { input }, ctx) => drive.createFolder(ctx.db, requireActor(ctx), input),
    rename: (_, { input }, ctx) => drive.rename(ctx.db, requireActor(ctx), input),
    move: (_, { input }, ctx) => drive.move(ctx.db, requireActor(ctx), input),
    trash: (_, { input }, ctx) => drive.trash(ctx.db, requireActor(ctx), input),
    restore: (_, { input }, ctx) => drive.restore(ctx.db, requireActor(ctx), input),
    deleteForever: (_, { input }, ctx) => drive.deleteForever(ctx.db, requireActor(ctx), input),
    createAccessToken: async (_, { input }, ctx) => {
      const { token, info } = await drive.createAccessToken(ctx.db, requireActor(ctx), input);
      return { token, accessToken: info };
    },
    prepareUpload: (_, { input }, ctx) => drive.prepareUpload(ctx.db, requireActor(ctx), input),
    commitFile: (_, { input }, ctx) => drive.commitFile(ctx.db, requireActor(ctx), input),
    restoreVersion: (_, { input }, ctx) => drive.restoreVersion(ctx.db, requireActor(ctx), input),
    revokeAccessToken: (_, { input }, ctx) => drive.revokeAccessToken(ctx.db, requireActor(ctx), input.id),
    shareFolder: (_, { input }, ctx) => drive.shareFolder(ctx.db, requireActor(ctx), input),
    shareFile: (_, { input }, ctx) => drive.shareFile(ctx.db, requireActor(ctx), input),
    setShareRole: (_, { input }, ctx) => drive.setShareRole(ctx.db, requireActor(ctx), input),
    removeShareMember: (_, { input }, ctx) => drive.removeShareMember(ctx.db, requireActor(ctx), input),
    createLink: async (_, { input }, ctx) => {
      const { link, token } = await drive.createLink(ctx.db, requireActor(ctx), input);
      return { link, token, url: `${ctx.origin ?? ""}/s/${token}` };
    },
    revokeLink: (_, { input }, ctx) => drive.revokeLink(ctx.db, requireActor(ctx), input.id),
    registerApp: (_, { input }, ctx) => drive.registerApp(ctx.db, requireActor(ctx), input),
    updateApp: (_, { input }, ctx) => drive.updateApp(ctx.db, requireActor(ctx), input),
    revokeApp: (_, { input }, ctx) => drive.revokeApp(ctx.db, requireActor(ctx), input),
    revokeAppGrant: (_, { input }, ctx) => drive.revokeOAuthGrant(ctx.db, requireActor(ctx), input.id),
    chooseItems: (_, { input }, ctx) => {
      if (!ctx.linkSigning) throw new drive.DriveError("FORBIDDEN", "this server cannot sign links");
      return drive.chooseItems(
        ctx.db,
        requireActor(ctx),
        { ...input, linkType: input.linkType === "DIRECT" ? "direct" : "preview" },
        { ...ctx.linkSigning, baseUrl: ctx.origin ?? "" },
      );
    },
  },
};
