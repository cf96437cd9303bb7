import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_sign_in_tokens_kind" AS ENUM('magic-link', 'invitation');
  CREATE TYPE "public"."enum_sign_in_tokens_state" AS ENUM('pending', 'used');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'user-identities' BEFORE 'sign-in-events';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'sign-in-tokens';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendSignInLink';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendSignInLink';
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
  
  CREATE TABLE "sign_in_tokens" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum_sign_in_tokens_kind" NOT NULL,
  	"token_hash" varchar NOT NULL,
  	"state" "enum_sign_in_tokens_state" DEFAULT 'pending' NOT NULL,
  	"tenant_id" integer NOT NULL,
  	"email" varchar NOT NULL,
  	"user_id" integer,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"next" varchar,
  	"invited_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "sign_in_tokens_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"roles_id" integer
  );
  
  CREATE TABLE "security_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"client_idle_minutes" numeric DEFAULT 480 NOT NULL,
  	"client_lifetime_hours" numeric DEFAULT 168 NOT NULL,
  	"staff_idle_minutes" numeric DEFAULT 60 NOT NULL,
  	"staff_lifetime_hours" numeric DEFAULT 12 NOT NULL,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "users_sessions" ADD COLUMN "last_active_at" timestamp(3) with time zone;
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
  ALTER TABLE "tenants" ADD COLUMN "sign_in_allow_passwords" boolean DEFAULT true;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "user_identities_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "sign_in_tokens_id" integer;
  ALTER TABLE "tenants_sso_allowed_domains" ADD CONSTRAINT "tenants_sso_allowed_domains_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens" ADD CONSTRAINT "sign_in_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens" ADD CONSTRAINT "sign_in_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens" ADD CONSTRAINT "sign_in_tokens_invited_by_id_users_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens_rels" ADD CONSTRAINT "sign_in_tokens_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sign_in_tokens"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sign_in_tokens_rels" ADD CONSTRAINT "sign_in_tokens_rels_roles_fk" FOREIGN KEY ("roles_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "tenants_sso_allowed_domains_order_idx" ON "tenants_sso_allowed_domains" USING btree ("_order");
  CREATE INDEX "tenants_sso_allowed_domains_parent_id_idx" ON "tenants_sso_allowed_domains" USING btree ("_parent_id");
  CREATE INDEX "user_identities_user_idx" ON "user_identities" USING btree ("user_id");
  CREATE INDEX "user_identities_tenant_idx" ON "user_identities" USING btree ("tenant_id");
  CREATE INDEX "user_identities_updated_at_idx" ON "user_identities" USING btree ("updated_at");
  CREATE INDEX "user_identities_created_at_idx" ON "user_identities" USING btree ("created_at");
  CREATE UNIQUE INDEX "issuer_subject_idx" ON "user_identities" USING btree ("issuer","subject");
  CREATE INDEX "sign_in_tokens_kind_idx" ON "sign_in_tokens" USING btree ("kind");
  CREATE UNIQUE INDEX "sign_in_tokens_token_hash_idx" ON "sign_in_tokens" USING btree ("token_hash");
  CREATE INDEX "sign_in_tokens_tenant_idx" ON "sign_in_tokens" USING btree ("tenant_id");
  CREATE INDEX "sign_in_tokens_email_idx" ON "sign_in_tokens" USING btree ("email");
  CREATE INDEX "sign_in_tokens_user_idx" ON "sign_in_tokens" USING btree ("user_id");
  CREATE INDEX "sign_in_tokens_invited_by_idx" ON "sign_in_tokens" USING btree ("invited_by_id");
  CREATE INDEX "sign_in_tokens_updated_at_idx" ON "sign_in_tokens" USING btree ("updated_at");
  CREATE INDEX "sign_in_tokens_created_at_idx" ON "sign_in_tokens" USING btree ("created_at");
  CREATE INDEX "sign_in_tokens_rels_order_idx" ON "sign_in_tokens_rels" USING btree ("order");
  CREATE INDEX "sign_in_tokens_rels_parent_idx" ON "sign_in_tokens_rels" USING btree ("parent_id");
  CREATE INDEX "sign_in_tokens_rels_path_idx" ON "sign_in_tokens_rels" USING btree ("path");
  CREATE INDEX "sign_in_tokens_rels_roles_id_idx" ON "sign_in_tokens_rels" USING btree ("roles_id");
  ALTER TABLE "tenants" ADD CONSTRAINT "tenants_sso_default_role_id_roles_id_fk" FOREIGN KEY ("sso_default_role_id") REFERENCES "public"."roles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_user_identities_fk" FOREIGN KEY ("user_identities_id") REFERENCES "public"."user_identities"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sign_in_tokens_fk" FOREIGN KEY ("sign_in_tokens_id") REFERENCES "public"."sign_in_tokens"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "tenants_sso_sso_default_role_idx" ON "tenants" USING btree ("sso_default_role_id");
  CREATE INDEX "payload_locked_documents_rels_user_identities_id_idx" ON "payload_locked_documents_rels" USING btree ("user_identities_id");
  CREATE INDEX "payload_locked_documents_rels_sign_in_tokens_id_idx" ON "payload_locked_documents_rels" USING btree ("sign_in_tokens_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "tenants_sso_allowed_domains" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "user_identities" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sign_in_tokens" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sign_in_tokens_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "security_settings" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "tenants_sso_allowed_domains" CASCADE;
  DROP TABLE "user_identities" CASCADE;
  DROP TABLE "sign_in_tokens" CASCADE;
  DROP TABLE "sign_in_tokens_rels" CASCADE;
  DROP TABLE "security_settings" CASCADE;
  ALTER TABLE "tenants" DROP CONSTRAINT "tenants_sso_default_role_id_roles_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_user_identities_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_sign_in_tokens_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'record-type-migrations', 'records', 'integration-accounts', 'idempotency-keys', 'workflow-definitions', 'request-types', 'requests', 'workflow-events', 'delegations', 'tasks', 'outgoing-events', 'workflow-effect-runs', 'templates', 'pages', 'notification-rules', 'notifications', 'notification-preferences', 'notification-deliveries', 'sign-in-events');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'migrateRecords', 'workflowEffects', 'workflowTimer', 'notificationFanOut', 'notificationDelivery', 'notificationDigests');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'migrateRecords', 'workflowEffects', 'workflowTimer', 'notificationFanOut', 'notificationDelivery', 'notificationDigests');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "tenants_sso_sso_default_role_idx";
  DROP INDEX "payload_locked_documents_rels_user_identities_id_idx";
  DROP INDEX "payload_locked_documents_rels_sign_in_tokens_id_idx";
  ALTER TABLE "users_sessions" DROP COLUMN "last_active_at";
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
  ALTER TABLE "tenants" DROP COLUMN "sign_in_allow_passwords";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "user_identities_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "sign_in_tokens_id";
  DROP TYPE "public"."enum_sign_in_tokens_kind";
  DROP TYPE "public"."enum_sign_in_tokens_state";`)
}
