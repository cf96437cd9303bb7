import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'integration-accounts';
  CREATE TABLE "integration_accounts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"tenant_id" integer,
  	"active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"enable_a_p_i_key" boolean,
  	"api_key" varchar,
  	"api_key_index" varchar
  );
  
  CREATE TABLE "integration_accounts_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"roles_id" integer
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "integration_accounts_id" integer;
  ALTER TABLE "payload_preferences_rels" ADD COLUMN "integration_accounts_id" integer;
  ALTER TABLE "integration_accounts" ADD CONSTRAINT "integration_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "integration_accounts_rels" ADD CONSTRAINT "integration_accounts_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."integration_accounts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "integration_accounts_rels" ADD CONSTRAINT "integration_accounts_rels_roles_fk" FOREIGN KEY ("roles_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "integration_accounts_tenant_idx" ON "integration_accounts" USING btree ("tenant_id");
  CREATE INDEX "integration_accounts_updated_at_idx" ON "integration_accounts" USING btree ("updated_at");
  CREATE INDEX "integration_accounts_created_at_idx" ON "integration_accounts" USING btree ("created_at");
  CREATE INDEX "integration_accounts_rels_order_idx" ON "integration_accounts_rels" USING btree ("order");
  CREATE INDEX "integration_accounts_rels_parent_idx" ON "integration_accounts_rels" USING btree ("parent_id");
  CREATE INDEX "integration_accounts_rels_path_idx" ON "integration_accounts_rels" USING btree ("path");
  CREATE INDEX "integration_accounts_rels_roles_id_idx" ON "integration_accounts_rels" USING btree ("roles_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_integration_accounts_fk" FOREIGN KEY ("integration_accounts_id") REFERENCES "public"."integration_accounts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_integration_accounts_fk" FOREIGN KEY ("integration_accounts_id") REFERENCES "public"."integration_accounts"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_integration_accounts_id_idx" ON "payload_locked_documents_rels" USING btree ("integration_accounts_id");
  CREATE INDEX "payload_preferences_rels_integration_accounts_id_idx" ON "payload_preferences_rels" USING btree ("integration_accounts_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "integration_accounts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "integration_accounts_rels" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "integration_accounts" CASCADE;
  DROP TABLE "integration_accounts_rels" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_integration_accounts_fk";
  
  ALTER TABLE "payload_preferences_rels" DROP CONSTRAINT "payload_preferences_rels_integration_accounts_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'records');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  DROP INDEX "payload_locked_documents_rels_integration_accounts_id_idx";
  DROP INDEX "payload_preferences_rels_integration_accounts_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "integration_accounts_id";
  ALTER TABLE "payload_preferences_rels" DROP COLUMN "integration_accounts_id";`)
}
