import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_sign_in_events_kind" AS ENUM('sign-in', 'sign-out', 'session-ended', 'link-requested', 'link-used', 'sso-linked', 'sso-user-created', 'mfa-enrolled', 'mfa-removed', 'mfa-challenge', 'password-changed', 'password-reset-requested', 'password-reset', 'invitation-sent', 'invitation-accepted', 'invitation-revoked');
  CREATE TYPE "public"."enum_sign_in_events_outcome" AS ENUM('success', 'failure');
  CREATE TYPE "public"."enum_sign_in_events_method" AS ENUM('password', 'email-link', 'sso', 'totp', 'recovery-code', 'invitation', 'api-key');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'sign-in-events';
  CREATE TABLE "sign_in_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum_sign_in_events_kind" NOT NULL,
  	"outcome" "enum_sign_in_events_outcome" NOT NULL,
  	"method" "enum_sign_in_events_method",
  	"user_id" integer,
  	"email" varchar,
  	"tenant_id" integer,
  	"reason" varchar,
  	"ip_address" varchar,
  	"user_agent" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "sign_in_events_id" integer;
  ALTER TABLE "sign_in_events" ADD CONSTRAINT "sign_in_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sign_in_events" ADD CONSTRAINT "sign_in_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "sign_in_events_kind_idx" ON "sign_in_events" USING btree ("kind");
  CREATE INDEX "sign_in_events_user_idx" ON "sign_in_events" USING btree ("user_id");
  CREATE INDEX "sign_in_events_email_idx" ON "sign_in_events" USING btree ("email");
  CREATE INDEX "sign_in_events_tenant_idx" ON "sign_in_events" USING btree ("tenant_id");
  CREATE INDEX "sign_in_events_updated_at_idx" ON "sign_in_events" USING btree ("updated_at");
  CREATE INDEX "sign_in_events_created_at_idx" ON "sign_in_events" USING btree ("created_at");
  CREATE INDEX "tenant_createdAt_idx" ON "sign_in_events" USING btree ("tenant_id","created_at");
  CREATE INDEX "user_createdAt_idx" ON "sign_in_events" USING btree ("user_id","created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sign_in_events_fk" FOREIGN KEY ("sign_in_events_id") REFERENCES "public"."sign_in_events"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_sign_in_events_id_idx" ON "payload_locked_documents_rels" USING btree ("sign_in_events_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sign_in_events" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "sign_in_events" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_sign_in_events_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'record-type-migrations', 'records', 'integration-accounts', 'idempotency-keys', 'workflow-definitions', 'request-types', 'requests', 'workflow-events', 'delegations', 'tasks', 'outgoing-events', 'workflow-effect-runs', 'templates', 'pages', 'notification-rules', 'notifications', 'notification-preferences', 'notification-deliveries');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  DROP INDEX "payload_locked_documents_rels_sign_in_events_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "sign_in_events_id";
  DROP TYPE "public"."enum_sign_in_events_kind";
  DROP TYPE "public"."enum_sign_in_events_outcome";
  DROP TYPE "public"."enum_sign_in_events_method";`)
}
