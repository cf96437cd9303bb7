import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'user-identities' BEFORE 'sign-in-events';
  CREATE TABLE "tenants_sso_allowed_domains" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"domain" varchar
  );
  
  CREATE TABLE "user_identities" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"issuer" varchar NOT NULL,
  	"subject" varchar NOT NULL,
  	"tenant_id" integer,
  	"email_at_link" varchar,
  	"last_sign_in_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users" ADD COLUMN "second_factor_secret" varchar;
  ALTER TABLE "users" ADD COLUMN "second_factor_pending_secret" varchar;
  ALTER TABLE "users" ADD COLUMN "second_factor_enabled_at" timestamp(3) with time zone;
  ALTER TABLE "users" ADD COLUMN "second_factor_last_step" numeric;
  ALTER TABLE "users" ADD COLUMN "second_factor_recovery_codes" jsonb;
  ALTER TABLE "users" ADD COLUMN "second_factor_sessions" jsonb;
  ALTER TABLE "users" ADD COLUMN "second_factor_revision" numeric DEFAULT 0;
  ALTER TABLE "tenants" ADD COLUMN "sso_enabled" boolean DEFAULT false;
  ALTER TABLE "tenants" ADD COLUMN "sso_issuer" varchar;
  ALTER TABLE "tenants" ADD COLUMN "sso_client_id" varchar;
  ALTER TABLE "tenants" ADD COLUMN "sso_client_secret_sealed" varchar;
  ALTER TABLE "tenants" ADD COLUMN "sso_default_role_id" integer;
  ALTER TABLE "tenants" ADD COLUMN "sso_required" boolean DEFAULT false;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "user_identities_id" integer;
  ALTER TABLE "tenants_sso_allowed_domains" ADD CONSTRAINT "tenants_sso_allowed_domains_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "tenants_sso_allowed_domains_order_idx" ON "tenants_sso_allowed_domains" USING btree ("_order");
  CREATE INDEX "tenants_sso_allowed_domains_parent_id_idx" ON "tenants_sso_allowed_domains" USING btree ("_parent_id");
  CREATE INDEX "user_identities_user_idx" ON "user_identities" USING btree ("user_id");
  CREATE INDEX "user_identities_tenant_idx" ON "user_identities" USING btree ("tenant_id");
  CREATE INDEX "user_identities_updated_at_idx" ON "user_identities" USING btree ("updated_at");
  CREATE INDEX "user_identities_created_at_idx" ON "user_identities" USING btree ("created_at");
  CREATE UNIQUE INDEX "issuer_subject_idx" ON "user_identities" USING btree ("issuer","subject");
  ALTER TABLE "tenants" ADD CONSTRAINT "tenants_sso_default_role_id_roles_id_fk" FOREIGN KEY ("sso_default_role_id") REFERENCES "public"."roles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_user_identities_fk" FOREIGN KEY ("user_identities_id") REFERENCES "public"."user_identities"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "tenants_sso_sso_default_role_idx" ON "tenants" USING btree ("sso_default_role_id");
  CREATE INDEX "payload_locked_documents_rels_user_identities_id_idx" ON "payload_locked_documents_rels" USING btree ("user_identities_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "tenants_sso_allowed_domains" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "user_identities" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "tenants_sso_allowed_domains" CASCADE;
  DROP TABLE "user_identities" CASCADE;
  ALTER TABLE "tenants" DROP CONSTRAINT "tenants_sso_default_role_id_roles_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_user_identities_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'record-type-migrations', 'records', 'integration-accounts', 'idempotency-keys', 'workflow-definitions', 'request-types', 'requests', 'workflow-events', 'delegations', 'tasks', 'outgoing-events', 'workflow-effect-runs', 'templates', 'pages', 'notification-rules', 'notifications', 'notification-preferences', 'notification-deliveries', 'sign-in-events');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  DROP INDEX "tenants_sso_sso_default_role_idx";
  DROP INDEX "payload_locked_documents_rels_user_identities_id_idx";
  ALTER TABLE "users" DROP COLUMN "second_factor_secret";
  ALTER TABLE "users" DROP COLUMN "second_factor_pending_secret";
  ALTER TABLE "users" DROP COLUMN "second_factor_enabled_at";
  ALTER TABLE "users" DROP COLUMN "second_factor_last_step";
  ALTER TABLE "users" DROP COLUMN "second_factor_recovery_codes";
  ALTER TABLE "users" DROP COLUMN "second_factor_sessions";
  ALTER TABLE "users" DROP COLUMN "second_factor_revision";
  ALTER TABLE "tenants" DROP COLUMN "sso_enabled";
  ALTER TABLE "tenants" DROP COLUMN "sso_issuer";
  ALTER TABLE "tenants" DROP COLUMN "sso_client_id";
  ALTER TABLE "tenants" DROP COLUMN "sso_client_secret_sealed";
  ALTER TABLE "tenants" DROP COLUMN "sso_default_role_id";
  ALTER TABLE "tenants" DROP COLUMN "sso_required";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "user_identities_id";`)
}
