import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_record_type_migrations_state" AS ENUM('queued', 'running', 'done', 'failed');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'migrateRecords');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'migrateRecords');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'record-type-migrations' BEFORE 'records';
  CREATE TABLE "record_type_migrations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"type_id" integer,
  	"from_revision" numeric NOT NULL,
  	"to_revision" numeric NOT NULL,
  	"changes" jsonb NOT NULL,
  	"adapts_data" boolean DEFAULT false,
  	"before" jsonb NOT NULL,
  	"after" jsonb NOT NULL,
  	"assignment" jsonb NOT NULL,
  	"state" "enum_record_type_migrations_state" DEFAULT 'queued' NOT NULL,
  	"total" numeric DEFAULT 0 NOT NULL,
  	"processed" numeric DEFAULT 0 NOT NULL,
  	"batches" numeric DEFAULT 0 NOT NULL,
  	"cursor" varchar,
  	"confirmed_at" timestamp(3) with time zone,
  	"started_at" timestamp(3) with time zone,
  	"finished_at" timestamp(3) with time zone,
  	"job" varchar,
  	"error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "record_type_migrations_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer,
  	"integration_accounts_id" integer
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "record_types" ADD COLUMN "migrating" boolean DEFAULT false;
  ALTER TABLE "record_types" ADD COLUMN "migration_id" integer;
  ALTER TABLE "records" ADD COLUMN "type_revision" numeric;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "record_type_migrations_id" integer;
  ALTER TABLE "record_type_migrations" ADD CONSTRAINT "record_type_migrations_type_id_record_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."record_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "record_type_migrations_rels" ADD CONSTRAINT "record_type_migrations_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."record_type_migrations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "record_type_migrations_rels" ADD CONSTRAINT "record_type_migrations_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "record_type_migrations_rels" ADD CONSTRAINT "record_type_migrations_rels_integration_accounts_fk" FOREIGN KEY ("integration_accounts_id") REFERENCES "public"."integration_accounts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "record_type_migrations_type_idx" ON "record_type_migrations" USING btree ("type_id");
  CREATE INDEX "record_type_migrations_state_idx" ON "record_type_migrations" USING btree ("state");
  CREATE INDEX "record_type_migrations_updated_at_idx" ON "record_type_migrations" USING btree ("updated_at");
  CREATE INDEX "record_type_migrations_created_at_idx" ON "record_type_migrations" USING btree ("created_at");
  CREATE UNIQUE INDEX "type_fromRevision_idx" ON "record_type_migrations" USING btree ("type_id","from_revision");
  CREATE INDEX "record_type_migrations_rels_order_idx" ON "record_type_migrations_rels" USING btree ("order");
  CREATE INDEX "record_type_migrations_rels_parent_idx" ON "record_type_migrations_rels" USING btree ("parent_id");
  CREATE INDEX "record_type_migrations_rels_path_idx" ON "record_type_migrations_rels" USING btree ("path");
  CREATE INDEX "record_type_migrations_rels_users_id_idx" ON "record_type_migrations_rels" USING btree ("users_id");
  CREATE INDEX "record_type_migrations_rels_integration_accounts_id_idx" ON "record_type_migrations_rels" USING btree ("integration_accounts_id");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  ALTER TABLE "record_types" ADD CONSTRAINT "record_types_migration_id_record_type_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."record_type_migrations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_record_type_migrations_fk" FOREIGN KEY ("record_type_migrations_id") REFERENCES "public"."record_type_migrations"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "record_types_migration_idx" ON "record_types" USING btree ("migration_id");
  CREATE INDEX "type_typeRevision_idx" ON "records" USING btree ("type_id","type_revision");
  CREATE INDEX "payload_locked_documents_rels_record_type_migrations_id_idx" ON "payload_locked_documents_rels" USING btree ("record_type_migrations_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "record_type_migrations" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "record_type_migrations_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "record_type_migrations" CASCADE;
  DROP TABLE "record_type_migrations_rels" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  ALTER TABLE "record_types" DROP CONSTRAINT "record_types_migration_id_record_type_migrations_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_record_type_migrations_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'records', 'integration-accounts', 'idempotency-keys');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  DROP INDEX "record_types_migration_idx";
  DROP INDEX "type_typeRevision_idx";
  DROP INDEX "payload_locked_documents_rels_record_type_migrations_id_idx";
  ALTER TABLE "record_types" DROP COLUMN "migrating";
  ALTER TABLE "record_types" DROP COLUMN "migration_id";
  ALTER TABLE "records" DROP COLUMN "type_revision";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "record_type_migrations_id";
  DROP TYPE "public"."enum_record_type_migrations_state";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";`)
}
