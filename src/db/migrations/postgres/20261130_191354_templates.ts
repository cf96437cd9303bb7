import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_templates_kind" AS ENUM('layout', 'block', 'email');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'templates';
  CREATE TABLE "templates" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum_templates_kind" NOT NULL,
  	"name" varchar NOT NULL,
  	"tenant_id" integer,
  	"subject" varchar,
  	"source" varchar NOT NULL,
  	"text" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "templates_id" integer;
  ALTER TABLE "templates" ADD CONSTRAINT "templates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "templates_tenant_idx" ON "templates" USING btree ("tenant_id");
  CREATE INDEX "templates_updated_at_idx" ON "templates" USING btree ("updated_at");
  CREATE INDEX "templates_created_at_idx" ON "templates" USING btree ("created_at");
  CREATE INDEX "kind_name_idx" ON "templates" USING btree ("kind","name");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_templates_fk" FOREIGN KEY ("templates_id") REFERENCES "public"."templates"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_templates_id_idx" ON "payload_locked_documents_rels" USING btree ("templates_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "templates" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "templates" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_templates_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'record-type-migrations', 'records', 'integration-accounts', 'idempotency-keys', 'workflow-definitions', 'request-types', 'requests', 'workflow-events', 'delegations', 'tasks', 'outgoing-events', 'workflow-effect-runs');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  DROP INDEX "payload_locked_documents_rels_templates_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "templates_id";
  DROP TYPE "public"."enum_templates_kind";`)
}
