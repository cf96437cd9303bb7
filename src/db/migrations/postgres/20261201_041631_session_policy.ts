import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "security_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"client_idle_minutes" numeric DEFAULT 480 NOT NULL,
  	"client_lifetime_hours" numeric DEFAULT 168 NOT NULL,
  	"staff_idle_minutes" numeric DEFAULT 60 NOT NULL,
  	"staff_lifetime_hours" numeric DEFAULT 12 NOT NULL,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "users_sessions" ADD COLUMN "last_active_at" timestamp(3) with time zone;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "security_settings" CASCADE;
  ALTER TABLE "users_sessions" DROP COLUMN "last_active_at";`)
}
