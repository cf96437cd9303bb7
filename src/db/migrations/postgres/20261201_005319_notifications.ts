import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_tenants_notification_defaults_digest_frequency" AS ENUM('daily', 'weekly', 'off');
  CREATE TYPE "public"."enum_tenants_notification_defaults_digest_day" AS ENUM('sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday');
  CREATE TYPE "public"."enum_notification_rules_recipients_kind" AS ENUM('role', 'requester', 'assignees', 'watchers', 'address');
  CREATE TYPE "public"."enum_notification_rules_tier" AS ENUM('critical', 'informational', 'inApp');
  CREATE TYPE "public"."enum_notifications_tier" AS ENUM('critical', 'informational', 'inApp');
  CREATE TYPE "public"."enum_notifications_digest" AS ENUM('pending', 'sent', 'skipped');
  CREATE TYPE "public"."enum_notification_preferences_digest_frequency" AS ENUM('daily', 'weekly', 'off');
  CREATE TYPE "public"."enum_notification_preferences_digest_day" AS ENUM('sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday');
  CREATE TYPE "public"."enum_notification_deliveries_tier" AS ENUM('critical', 'informational', 'inApp');
  CREATE TYPE "public"."enum_notification_deliveries_status" AS ENUM('queued', 'sending', 'sent', 'failed', 'skipped');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'notification-rules';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'notifications';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'notification-preferences';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'notification-deliveries';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'notificationFanOut';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'notificationDelivery';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'notificationDigests';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'notificationFanOut';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'notificationDelivery';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'notificationDigests';
  CREATE TABLE "notification_rules_recipients" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"kind" "enum_notification_rules_recipients_kind" NOT NULL,
  	"role_id" integer,
  	"address" varchar
  );
  
  CREATE TABLE "notification_rules" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"event" varchar NOT NULL,
  	"tenant_id" integer,
  	"active" boolean DEFAULT true,
  	"tier" "enum_notification_rules_tier" DEFAULT 'informational' NOT NULL,
  	"conditions" jsonb,
  	"template" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notifications" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"recipient_id" integer NOT NULL,
  	"type" varchar NOT NULL,
  	"tier" "enum_notifications_tier" NOT NULL,
  	"title" varchar NOT NULL,
  	"body" varchar,
  	"url" varchar NOT NULL,
  	"item_collection" varchar NOT NULL,
  	"item_id" varchar NOT NULL,
  	"actor_id" integer,
  	"in_bell" boolean DEFAULT true,
  	"read_at" timestamp(3) with time zone,
  	"digest" "enum_notifications_digest",
  	"digest_key" varchar,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notification_preferences" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"user_id" integer NOT NULL,
  	"tenant_id" integer,
  	"choices" jsonb,
  	"digest_frequency" "enum_notification_preferences_digest_frequency" DEFAULT 'weekly',
  	"digest_day" "enum_notification_preferences_digest_day" DEFAULT 'friday',
  	"digest_hour" numeric DEFAULT 15,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notification_deliveries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"event" jsonb NOT NULL,
  	"type" varchar NOT NULL,
  	"channel" varchar NOT NULL,
  	"template" varchar,
  	"tier" "enum_notification_deliveries_tier",
  	"recipient_id" integer,
  	"address" varchar,
  	"tenant_id" integer,
  	"status" "enum_notification_deliveries_status" DEFAULT 'queued' NOT NULL,
  	"reason" varchar,
  	"attempts" numeric DEFAULT 0,
  	"sent_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "users" ADD COLUMN "locale" varchar DEFAULT 'en-GB';
  ALTER TABLE "users" ADD COLUMN "time_zone" varchar DEFAULT 'UTC';
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_choices" jsonb;
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_digest_frequency" "enum_tenants_notification_defaults_digest_frequency" DEFAULT 'weekly';
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_digest_day" "enum_tenants_notification_defaults_digest_day" DEFAULT 'friday';
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_digest_hour" numeric DEFAULT 15;
  ALTER TABLE "payload_jobs" ADD COLUMN "meta" jsonb;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notification_rules_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notifications_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notification_preferences_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notification_deliveries_id" integer;
  ALTER TABLE "notification_rules_recipients" ADD CONSTRAINT "notification_rules_recipients_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_rules_recipients" ADD CONSTRAINT "notification_rules_recipients_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."notification_rules"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "notification_rules_recipients_order_idx" ON "notification_rules_recipients" USING btree ("_order");
  CREATE INDEX "notification_rules_recipients_parent_id_idx" ON "notification_rules_recipients" USING btree ("_parent_id");
  CREATE INDEX "notification_rules_recipients_role_idx" ON "notification_rules_recipients" USING btree ("role_id");
  CREATE INDEX "notification_rules_tenant_idx" ON "notification_rules" USING btree ("tenant_id");
  CREATE INDEX "notification_rules_updated_at_idx" ON "notification_rules" USING btree ("updated_at");
  CREATE INDEX "notification_rules_created_at_idx" ON "notification_rules" USING btree ("created_at");
  CREATE INDEX "event_active_idx" ON "notification_rules" USING btree ("event","active");
  CREATE UNIQUE INDEX "notifications_key_idx" ON "notifications" USING btree ("key");
  CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id");
  CREATE INDEX "notifications_actor_idx" ON "notifications" USING btree ("actor_id");
  CREATE INDEX "notifications_digest_key_idx" ON "notifications" USING btree ("digest_key");
  CREATE INDEX "notifications_tenant_idx" ON "notifications" USING btree ("tenant_id");
  CREATE INDEX "notifications_updated_at_idx" ON "notifications" USING btree ("updated_at");
  CREATE INDEX "notifications_created_at_idx" ON "notifications" USING btree ("created_at");
  CREATE INDEX "recipient_inBell_readAt_idx" ON "notifications" USING btree ("recipient_id","in_bell","read_at");
  CREATE INDEX "recipient_digest_idx" ON "notifications" USING btree ("recipient_id","digest");
  CREATE UNIQUE INDEX "notification_preferences_key_idx" ON "notification_preferences" USING btree ("key");
  CREATE INDEX "notification_preferences_user_idx" ON "notification_preferences" USING btree ("user_id");
  CREATE INDEX "notification_preferences_tenant_idx" ON "notification_preferences" USING btree ("tenant_id");
  CREATE INDEX "notification_preferences_updated_at_idx" ON "notification_preferences" USING btree ("updated_at");
  CREATE INDEX "notification_preferences_created_at_idx" ON "notification_preferences" USING btree ("created_at");
  CREATE UNIQUE INDEX "notification_deliveries_key_idx" ON "notification_deliveries" USING btree ("key");
  CREATE INDEX "notification_deliveries_recipient_idx" ON "notification_deliveries" USING btree ("recipient_id");
  CREATE INDEX "notification_deliveries_tenant_idx" ON "notification_deliveries" USING btree ("tenant_id");
  CREATE INDEX "notification_deliveries_updated_at_idx" ON "notification_deliveries" USING btree ("updated_at");
  CREATE INDEX "notification_deliveries_created_at_idx" ON "notification_deliveries" USING btree ("created_at");
  CREATE INDEX "status_updatedAt_idx" ON "notification_deliveries" USING btree ("status","updated_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notification_rules_fk" FOREIGN KEY ("notification_rules_id") REFERENCES "public"."notification_rules"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notifications_fk" FOREIGN KEY ("notifications_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notification_preferences_fk" FOREIGN KEY ("notification_preferences_id") REFERENCES "public"."notification_preferences"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notification_deliveries_fk" FOREIGN KEY ("notification_deliveries_id") REFERENCES "public"."notification_deliveries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_notification_rules_id_idx" ON "payload_locked_documents_rels" USING btree ("notification_rules_id");
  CREATE INDEX "payload_locked_documents_rels_notifications_id_idx" ON "payload_locked_documents_rels" USING btree ("notifications_id");
  CREATE INDEX "payload_locked_documents_rels_notification_preferences_i_idx" ON "payload_locked_documents_rels" USING btree ("notification_preferences_id");
  CREATE INDEX "payload_locked_documents_rels_notification_deliveries_id_idx" ON "payload_locked_documents_rels" USING btree ("notification_deliveries_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notification_rules_recipients" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notification_rules" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notifications" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notification_preferences" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notification_deliveries" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_stats" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "notification_rules_recipients" CASCADE;
  DROP TABLE "notification_rules" CASCADE;
  DROP TABLE "notifications" CASCADE;
  DROP TABLE "notification_preferences" CASCADE;
  DROP TABLE "notification_deliveries" CASCADE;
  DROP TABLE "payload_jobs_stats" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notification_rules_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notifications_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notification_preferences_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notification_deliveries_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'record-type-migrations', 'records', 'integration-accounts', 'idempotency-keys', 'workflow-definitions', 'request-types', 'requests', 'workflow-events', 'delegations', 'tasks', 'outgoing-events', 'workflow-effect-runs', 'templates', 'pages');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'migrateRecords', 'workflowEffects', 'workflowTimer');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'migrateRecords', 'workflowEffects', 'workflowTimer');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_notification_rules_id_idx";
  DROP INDEX "payload_locked_documents_rels_notifications_id_idx";
  DROP INDEX "payload_locked_documents_rels_notification_preferences_i_idx";
  DROP INDEX "payload_locked_documents_rels_notification_deliveries_id_idx";
  ALTER TABLE "users" DROP COLUMN "locale";
  ALTER TABLE "users" DROP COLUMN "time_zone";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_choices";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_digest_frequency";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_digest_day";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_digest_hour";
  ALTER TABLE "payload_jobs" DROP COLUMN "meta";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notification_rules_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notifications_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notification_preferences_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notification_deliveries_id";
  DROP TYPE "public"."enum_tenants_notification_defaults_digest_frequency";
  DROP TYPE "public"."enum_tenants_notification_defaults_digest_day";
  DROP TYPE "public"."enum_notification_rules_recipients_kind";
  DROP TYPE "public"."enum_notification_rules_tier";
  DROP TYPE "public"."enum_notifications_tier";
  DROP TYPE "public"."enum_notifications_digest";
  DROP TYPE "public"."enum_notification_preferences_digest_frequency";
  DROP TYPE "public"."enum_notification_preferences_digest_day";
  DROP TYPE "public"."enum_notification_deliveries_tier";
  DROP TYPE "public"."enum_notification_deliveries_status";`)
}
