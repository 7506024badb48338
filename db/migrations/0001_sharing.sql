CREATE TABLE "links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"namespace_id" uuid NOT NULL,
	"node_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"password_hash" text,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "namespace_members" (
	"namespace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "namespace_members_namespace_id_user_id_pk" PRIMARY KEY("namespace_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "used_bytes" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "quota_bytes" bigint;--> statement-breakpoint
ALTER TABLE "namespace_members" ADD CONSTRAINT "namespace_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "links_token_idx" ON "links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "links_node_idx" ON "links" USING btree ("namespace_id","node_id");--> statement-breakpoint
CREATE INDEX "namespace_members_user_idx" ON "namespace_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "namespaces_owner_idx" ON "namespaces" USING btree ("owner_id","kind");--> statement-breakpoint
-- Storage in use by existing accounts: the distinct chunks their namespaces' versions reference.
UPDATE "users" u SET "used_bytes" = COALESCE((
  SELECT SUM(d.size) FROM (
    SELECT DISTINCT vc.chunk_hash, vc.size FROM "version_chunks" vc
    JOIN "namespaces" n ON n.id = vc.namespace_id WHERE n.owner_id = u.id
  ) d), 0);
