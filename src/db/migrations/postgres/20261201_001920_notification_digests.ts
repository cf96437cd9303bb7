import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_notifications_digest" ADD VALUE 'skipped';
  ALTER TYPE "public"."enum_notification_deliveries_status" ADD VALUE 'sending' BEFORE 'sent';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'notificationDigests';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'notificationDigests';
  CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "payload_jobs" ADD COLUMN "meta" jsonb;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "payload_jobs_stats" CASCADE;
  ALTER TABLE "notifications" ALTER COLUMN "digest" SET DATA TYPE text;
  DROP TYPE "public"."enum_notifications_digest";
  CREATE TYPE "public"."enum_notifications_digest" AS ENUM('pending', 'sent');
  ALTER TABLE "notifications" ALTER COLUMN "digest" SET DATA TYPE "public"."enum_notifications_digest" USING "digest"::"public"."enum_notifications_digest";
  ALTER TABLE "notification_deliveries" ALTER COLUMN "status" SET DATA TYPE text;
  ALTER TABLE "notification_deliveries" ALTER COLUMN "status" SET DEFAULT 'queued'::text;
  DROP TYPE "public"."enum_notification_deliveries_status";
  CREATE TYPE "public"."enum_notification_deliveries_status" AS ENUM('queued', 'sent', 'failed', 'skipped');
  ALTER TABLE "notification_deliveries" ALTER COLUMN "status" SET DEFAULT 'queued'::"public"."enum_notification_deliveries_status";
  ALTER TABLE "notification_deliveries" ALTER COLUMN "status" SET DATA TYPE "public"."enum_notification_deliveries_status" USING "status"::"public"."enum_notification_deliveries_status";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'migrateRecords', 'workflowEffects', 'workflowTimer', 'notificationFanOut', 'notificationDelivery');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'migrateRecords', 'workflowEffects', 'workflowTimer', 'notificationFanOut', 'notificationDelivery');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  ALTER TABLE "payload_jobs" DROP COLUMN "meta";`)
}
