/**
 * Cairn's metadata schema. Two families of tables:
 *
 * - Accounts (`users`, `sessions`, `accounts`, `verifications`): better-auth's four tables, written
 *   by hand from its documented fields (its schema CLI is out of step with the version we pin). JS
 *   field names are the ones better-auth expects; column names are snake_case.
 * - The drive: namespaces, nodes, versions, version_chunks, journal, applied_ops. Every
 *   namespace-scoped table carries `namespace_id` and leads its keys and indexes with it (the
 *   scale-out key, see docs/architecture.md). Chunks and chunk_uploads are global: a chunk is stored
 *   once for everyone.
 *
 * Migrations are generated with `npm run db:generate` into db/migrations and applied at start.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// ---------------------------------------------------------------------------------------------
// Accounts (better-auth)

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  /** Bytes of the distinct chunks referenced by versions in namespaces this user owns (lib/drive/quota.ts). */
  usedBytes: bigint("used_bytes", { mode: "number" }).notNull().default(0),
  /** This user's storage limit; null: the server's default (CAIRN_DEFAULT_QUOTA). */
  quotaBytes: bigint("quota_bytes", { mode: "number" }),
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: ts("expires_at").notNull(),
    token: text("token").notNull().unique(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: ts("access_token_expires_at"),
    refreshTokenExpiresAt: ts("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

export const verifications = pgTable("verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: ts("expires_at").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Personal access tokens for scripts: only the SHA-256 of the secret is stored. */
export const accessTokens = pgTable(
  "access_tokens",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastUsedAt: ts("last_used_at"),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    uniqueIndex("access_tokens_hash_idx").on(t.tokenHash),
    index("access_tokens_user_idx").on(t.userId),
  ],
);

/**
 * Partner apps registered by a user (docs/partner-apps.md): the Chooser/Saver check the page that
 * opens them against `origins`; OAuth clients are these apps (`client_id` = `app_key`).
 */
export const apps = pgTable(
  "apps",
  {
    id: uuid("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Public identifier given to partners (the Chooser's `appKey`, the OAuth `client_id`). */
    appKey: text("app_key").notNull(),
    /** SHA-256 (hex) of a confidential client's secret; null for public clients (PKCE only). */
    secretHash: text("secret_hash"),
    /** Exact `scheme://host[:port]` origins allowed to open the Chooser/Saver and fetch direct links. */
    origins: text("origins").array().notNull(),
    /** OAuth redirect URIs, compared exactly. */
    redirectUris: text("redirect_uris").array().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [uniqueIndex("apps_key_idx").on(t.appKey), index("apps_owner_idx").on(t.ownerId)],
);

// ---------------------------------------------------------------------------------------------
// OAuth 2.0 for partner apps (docs/oauth.md): the tables of better-auth's oauth-provider plugin
// (1.7.5) and its jwt plugin, generated from the plugins' own schema definitions and renamed to
// our conventions; JS field names are the ones the plugins expect. Cairn writes `oauth_clients`
// itself, one row per app with redirect URIs (lib/drive/apps.ts keeps it in step with `apps`);
// everything else is written by the plugin. Tokens and client secrets are stored as SHA-256 hex.

export const oauthClients = pgTable(
  "oauth_clients",
  {
    id: text("id").primaryKey(),
    /** The app's key (`apps.app_key`). */
    clientId: text("client_id").notNull().unique(),
    /** SHA-256 (hex) of a confidential app's secret, as `apps.secret_hash`; null for public apps. */
    clientSecret: text("client_secret"),
    clientDiscoveryId: text("client_discovery_id"),
    /** Set when the app is revoked: no authorization, no token, and its tokens stop working. */
    disabled: boolean("disabled").default(false),
    skipConsent: boolean("skip_consent"),
    enableEndSession: boolean("enable_end_session"),
    subjectType: text("subject_type"),
    scopes: text("scopes").array(),
    clientCredentialsScopes: text("client_credentials_scopes").array().default([]),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at"),
    updatedAt: ts("updated_at"),
    name: text("name"),
    uri: text("uri"),
    icon: text("icon"),
    contacts: text("contacts").array(),
    tos: text("tos"),
    policy: text("policy"),
    softwareId: text("software_id"),
    softwareVersion: text("software_version"),
    softwareStatement: text("software_statement"),
    redirectUris: text("redirect_uris").array().notNull(),
    postLogoutRedirectUris: text("post_logout_redirect_uris").array(),
    backchannelLogoutUri: text("backchannel_logout_uri"),
    backchannelLogoutSessionRequired: boolean("backchannel_logout_session_required"),
    tokenEndpointAuthMethod: text("token_endpoint_auth_method"),
    applicationType: text("application_type"),
    jwks: text("jwks"),
    jwksUri: text("jwks_uri"),
    grantTypes: text("grant_types").array(),
    responseTypes: text("response_types").array(),
    requirePKCE: boolean("require_pkce"),
    dpopBoundAccessTokens: boolean("dpop_bound_access_tokens").default(false),
    referenceId: text("reference_id"),
    metadata: jsonb("metadata"),
  },
  (t) => [index("oauth_clients_user_idx").on(t.userId)],
);

export const oauthResources = pgTable("oauth_resources", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull().unique(),
  name: text("name").notNull(),
  accessTokenTtl: integer("access_token_ttl"),
  refreshTokenTtl: integer("refresh_token_ttl"),
  signingAlgorithm: text("signing_algorithm"),
  signingKeyId: text("signing_key_id"),
  allowedScopes: text("allowed_scopes").array(),
  customClaims: jsonb("custom_claims"),
  dpopBoundAccessTokensRequired: boolean("dpop_bound_access_tokens_required").default(false),
  disabled: boolean("disabled").default(false),
  createdAt: ts("created_at"),
  updatedAt: ts("updated_at"),
  policyVersion: integer("policy_version").default(1),
  metadata: jsonb("metadata"),
});

export const oauthClientResources = pgTable(
  "oauth_client_resources",
  {
    id: text("id").primaryKey(),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClients.clientId, { onDelete: "cascade" }),
    resourceId: text("resource_id")
      .notNull()
      .references(() => oauthResources.identifier, { onDelete: "cascade" }),
    metadata: jsonb("metadata"),
    createdAt: ts("created_at"),
  },
  (t) => [
    uniqueIndex("oauth_client_resources_pair_idx").on(t.clientId, t.resourceId),
    index("oauth_client_resources_resource_idx").on(t.resourceId),
  ],
);

export const oauthRefreshTokens = pgTable(
  "oauth_refresh_tokens",
  {
    id: text("id").primaryKey(),
    /** SHA-256 (hex) of the refresh token. */
    token: text("token").notNull().unique(),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClients.clientId, { onDelete: "cascade" }),
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    referenceId: text("reference_id"),
    authorizationCodeId: text("authorization_code_id"),
    resources: text("resources").array(),
    requestedUserInfoClaims: text("requested_user_info_claims").array(),
    expiresAt: ts("expires_at"),
    createdAt: ts("created_at"),
    revoked: ts("revoked"),
    rotatedAt: ts("rotated_at"),
    rotationReplayResponse: text("rotation_replay_response"),
    rotationReplayExpiresAt: ts("rotation_replay_expires_at"),
    authTime: ts("auth_time"),
    confirmation: jsonb("confirmation"),
    scopes: text("scopes").array().notNull(),
  },
  (t) => [
    index("oauth_refresh_tokens_client_idx").on(t.clientId),
    index("oauth_refresh_tokens_session_idx").on(t.sessionId),
    index("oauth_refresh_tokens_user_idx").on(t.userId, t.clientId),
    index("oauth_refresh_tokens_code_idx").on(t.authorizationCodeId),
  ],
);

export const oauthAccessTokens = pgTable(
  "oauth_access_tokens",
  {
    id: text("id").primaryKey(),
    /** SHA-256 (hex) of the opaque access token (lib/auth looks bearer tokens up by it). */
    token: text("token").unique(),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClients.clientId, { onDelete: "cascade" }),
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    referenceId: text("reference_id"),
    authorizationCodeId: text("authorization_code_id"),
    resources: text("resources").array(),
    requestedUserInfoClaims: text("requested_user_info_claims").array(),
    refreshId: text("refresh_id").references(() => oauthRefreshTokens.id, { onDelete: "cascade" }),
    expiresAt: ts("expires_at"),
    createdAt: ts("created_at"),
    revoked: ts("revoked"),
    confirmation: jsonb("confirmation"),
    scopes: text("scopes").array().notNull(),
  },
  (t) => [
    index("oauth_access_tokens_client_idx").on(t.clientId),
    index("oauth_access_tokens_session_idx").on(t.sessionId),
    index("oauth_access_tokens_user_idx").on(t.userId, t.clientId),
    index("oauth_access_tokens_code_idx").on(t.authorizationCodeId),
    index("oauth_access_tokens_refresh_idx").on(t.refreshId),
  ],
);

/** A person's consent to an app: the scopes they granted. Deleting it revokes the grant. */
export const oauthConsents = pgTable(
  "oauth_consents",
  {
    id: text("id").primaryKey(),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClients.clientId, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    referenceId: text("reference_id"),
    resources: text("resources").array(),
    requestedUserInfoClaims: text("requested_user_info_claims").array(),
    scopes: text("scopes").array().notNull(),
    createdAt: ts("created_at"),
    updatedAt: ts("updated_at"),
  },
  (t) => [
    index("oauth_consents_client_idx").on(t.clientId),
    index("oauth_consents_user_idx").on(t.userId, t.clientId),
  ],
);

export const oauthClientAssertions = pgTable("oauth_client_assertions", {
  id: text("id").primaryKey(),
  expiresAt: ts("expires_at").notNull(),
});

/** The jwt plugin's signing keys (the oauth-provider needs the plugin; Cairn issues opaque tokens). */
export const jwks = pgTable("jwks", {
  id: text("id").primaryKey(),
  publicKey: text("public_key").notNull(),
  privateKey: text("private_key").notNull(),
  createdAt: ts("created_at").notNull(),
  expiresAt: ts("expires_at"),
  alg: text("alg"),
  crv: text("crv"),
});

// ---------------------------------------------------------------------------------------------
// The drive

/** A tree with its own gapless journal. `seq` is the last journal number taken. */
export const namespaces = pgTable(
  "namespaces",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind", { enum: ["home", "shared"] }).notNull(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rootNodeId: uuid("root_node_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("namespaces_one_home_idx").on(t.ownerId).where(sql`kind = 'home'`),
    index("namespaces_owner_idx").on(t.ownerId, t.kind),
  ],
);

export const nodes = pgTable(
  "nodes",
  {
    id: uuid("id").primaryKey(),
    namespaceId: uuid("namespace_id").notNull(),
    /** Null only for a namespace's root folder. */
    parentId: uuid("parent_id"),
    name: text("name").notNull(),
    /** The name after NFC normalisation and case folding: what uniqueness is decided on. */
    nameKey: text("name_key").notNull(),
    kind: text("kind", { enum: ["file", "folder"] }).notNull(),
    currentVersionId: uuid("current_version_id"),
    size: bigint("size", { mode: "number" }).notNull().default(0),
    contentHash: text("content_hash"),
    mimeType: text("mime_type"),
    rev: integer("rev").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    modifiedAt: ts("modified_at").notNull().defaultNow(),
    /** Set on a trashed node and on everything below it. */
    deletedAt: ts("deleted_at"),
    /** The node whose trashing put this one in the trash (itself when trashed explicitly). */
    trashRootId: uuid("trash_root_id"),
  },
  (t) => [
    uniqueIndex("nodes_live_name_idx")
      .on(t.namespaceId, t.parentId, t.nameKey)
      .where(sql`deleted_at IS NULL`),
    index("nodes_children_idx").on(t.namespaceId, t.parentId),
    index("nodes_trash_idx").on(t.namespaceId, t.trashRootId),
  ],
);

/** Immutable: a file's content at one point in time. */
export const versions = pgTable(
  "versions",
  {
    id: uuid("id").primaryKey(),
    namespaceId: uuid("namespace_id").notNull(),
    nodeId: uuid("node_id").notNull(),
    number: integer("number").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    contentHash: text("content_hash").notNull(),
    /** The chunking profile the chunk list was cut with (docs/chunking.md). */
    chunkingProfile: text("chunking_profile").notNull(),
    authorId: text("author_id").notNull(),
    deviceName: text("device_name"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("versions_node_number_idx").on(t.namespaceId, t.nodeId, t.number)],
);

export const versionChunks = pgTable(
  "version_chunks",
  {
    namespaceId: uuid("namespace_id").notNull(),
    versionId: uuid("version_id").notNull(),
    ord: integer("ord").notNull(),
    chunkHash: text("chunk_hash").notNull(),
    size: integer("size").notNull(),
    /** Byte offset of this chunk in the file, so ranged reads find their first chunk. */
    offset: bigint("offset", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.namespaceId, t.versionId, t.ord] }),
    index("version_chunks_hash_idx").on(t.namespaceId, t.chunkHash),
  ],
);

/** Every chunk in the block store, stored once for everyone. */
export const chunks = pgTable("chunks", {
  hash: text("hash").primaryKey(),
  size: integer("size").notNull(),
  storedSize: integer("stored_size").notNull(),
  codec: text("codec").notNull().default("raw"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** That a user uploaded a chunk: what lets them skip uploading it again. */
export const chunkUploads = pgTable(
  "chunk_uploads",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    chunkHash: text("chunk_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.chunkHash] })],
);

/** The per-namespace change feed: gapless, in commit order, each entry the node's state after. */
export const journal = pgTable(
  "journal",
  {
    namespaceId: uuid("namespace_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    nodeId: uuid("node_id").notNull(),
    op: text("op").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    actorId: text("actor_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.namespaceId, t.seq] })],
);

/** Members of a shared namespace other than its owner (docs/sharing.md). */
export const namespaceMembers = pgTable(
  "namespace_members",
  {
    namespaceId: uuid("namespace_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["editor", "viewer"] }).notNull(),
    addedBy: text("added_by").notNull(),
    addedAt: ts("added_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.namespaceId, t.userId] }),
    index("namespace_members_user_idx").on(t.userId),
  ],
);

/** Public links: read-only access to one node's subtree for whoever holds the token. */
export const links = pgTable(
  "links",
  {
    id: uuid("id").primaryKey(),
    namespaceId: uuid("namespace_id").notNull(),
    nodeId: uuid("node_id").notNull(),
    /** SHA-256 (hex) of the secret token in the URL; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    /** better-auth's scrypt hash, or null when no password is needed. */
    passwordHash: text("password_hash"),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    /** Wrong passwords since the last right one (rate limiting, docs/sharing.md). */
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: ts("locked_until"),
  },
  (t) => [
    uniqueIndex("links_token_idx").on(t.tokenHash),
    index("links_node_idx").on(t.namespaceId, t.nodeId),
  ],
);

/** Client op ids already applied, with the result returned the first time. */
export const appliedOps = pgTable(
  "applied_ops",
  {
    userId: text("user_id").notNull(),
    opId: text("op_id").notNull(),
    mutation: text("mutation").notNull(),
    result: jsonb("result").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.opId] })],
);

export type UserRow = typeof users.$inferSelect;
export type NamespaceRow = typeof namespaces.$inferSelect;
export type LinkRow = typeof links.$inferSelect;
export type NodeRow = typeof nodes.$inferSelect;
export type VersionRow = typeof versions.$inferSelect;
export type JournalRow = typeof journal.$inferSelect;
export type AccessTokenRow = typeof accessTokens.$inferSelect;
export type AppRow = typeof apps.$inferSelect;
export type OAuthClientRow = typeof oauthClients.$inferSelect;
