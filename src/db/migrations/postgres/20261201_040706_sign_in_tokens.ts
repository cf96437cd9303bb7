import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_sign_in_tokens_kind" AS ENUM('magic-link', 'invitation');
  CREATE TYPE "public"."enum_sign_in_tokens_state" AS ENUM('pending', 'used');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'sign-in-tokens';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendSignInLink';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendSignInLink';
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
  
  ALTER TABLE "tenants" ADD COLUMN "sign_in_allow_passwords" boolean DEFAULT true;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "sign_in_tokens_id" integer;
  ALTER TABLE "sign_in_tokens" ADD CONSTRAINT "sign_in_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens" ADD CONSTRAINT "sign_in_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens" ADD CONSTRAINT "sign_in_tokens_invited_by_id_users_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_tokens_rels" ADD CONSTRAINT "sign_in_tokens_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sign_in_tokens"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sign_in_tokens_rels" ADD CONSTRAINT "sign_in_tokens_rels_roles_fk" FOREIGN KEY ("roles_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;
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
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sign_in_tokens_fk" FOREIGN KEY ("sign_in_tokens_id") REFERENCES "public"."sign_in_tokens"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_sign_in_tokens_id_idx" ON "payload_locked_documents_rels" USING btree ("sign_in_tokens_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sign_in_tokens" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sign_in_tokens_rels" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "sign_in_tokens" CASCADE;
  DROP TABLE "sign_in_tokens_rels" CASCADE;
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
  DROP INDEX "payload_locked_documents_rels_sign_in_tokens_id_idx";
  ALTER TABLE "tenants" DROP COLUMN "sign_in_allow_passwords";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "sign_in_tokens_id";
  DROP TYPE "public"."enum_sign_in_tokens_kind";
  DROP TYPE "public"."enum_sign_in_tokens_state";`)
}
