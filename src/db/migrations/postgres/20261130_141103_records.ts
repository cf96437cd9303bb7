import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_record_types_fields_statuses_category" AS ENUM('open', 'at_risk', 'done', 'cancelled');
  CREATE TYPE "public"."enum_record_types_fields_kind" AS ENUM('text', 'long_text', 'number', 'money', 'date', 'date_time', 'boolean', 'choice', 'status', 'reference', 'link');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'record-types';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'records';
  CREATE TABLE "record_types_fields_choices" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "record_types_fields_statuses" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"colour" varchar DEFAULT '#6e7781',
  	"category" "enum_record_types_fields_statuses_category" DEFAULT 'open'
  );
  
  CREATE TABLE "record_types_fields" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"label" varchar NOT NULL,
  	"kind" "enum_record_types_fields_kind" NOT NULL,
  	"help_text" varchar,
  	"required" boolean DEFAULT false,
  	"unique" boolean DEFAULT false,
  	"list_column" boolean DEFAULT false,
  	"filterable" boolean DEFAULT false,
  	"sortable" boolean DEFAULT false,
  	"searchable" boolean DEFAULT false,
  	"reference_type" varchar
  );
  
  CREATE TABLE "record_types" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"singular_label" varchar NOT NULL,
  	"plural_label" varchar NOT NULL,
  	"title_field" varchar NOT NULL,
  	"status_field" varchar,
  	"stale_after_minutes" numeric,
  	"revision" numeric DEFAULT 0,
  	"slot_assignment" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "records" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"type_id" integer NOT NULL,
  	"title" varchar,
  	"status" varchar,
  	"status_category" varchar,
  	"data" jsonb,
  	"source" varchar DEFAULT 'manual' NOT NULL,
  	"external_id" varchar,
  	"synced_at" timestamp(3) with time zone,
  	"search_text" varchar,
  	"s1" varchar,
  	"s2" varchar,
  	"s3" varchar,
  	"s4" varchar,
  	"s5" varchar,
  	"s6" varchar,
  	"n1" numeric,
  	"n2" numeric,
  	"n3" numeric,
  	"n4" numeric,
  	"d1" timestamp(3) with time zone,
  	"d2" timestamp(3) with time zone,
  	"d3" timestamp(3) with time zone,
  	"d4" timestamp(3) with time zone,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "record_types_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "records_id" integer;
  ALTER TABLE "record_types_fields_choices" ADD CONSTRAINT "record_types_fields_choices_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."record_types_fields"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "record_types_fields_statuses" ADD CONSTRAINT "record_types_fields_statuses_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."record_types_fields"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "record_types_fields" ADD CONSTRAINT "record_types_fields_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."record_types"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "records" ADD CONSTRAINT "records_type_id_record_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."record_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "records" ADD CONSTRAINT "records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "record_types_fields_choices_order_idx" ON "record_types_fields_choices" USING btree ("_order");
  CREATE INDEX "record_types_fields_choices_parent_id_idx" ON "record_types_fields_choices" USING btree ("_parent_id");
  CREATE INDEX "record_types_fields_statuses_order_idx" ON "record_types_fields_statuses" USING btree ("_order");
  CREATE INDEX "record_types_fields_statuses_parent_id_idx" ON "record_types_fields_statuses" USING btree ("_parent_id");
  CREATE INDEX "record_types_fields_order_idx" ON "record_types_fields" USING btree ("_order");
  CREATE INDEX "record_types_fields_parent_id_idx" ON "record_types_fields" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "record_types_key_idx" ON "record_types" USING btree ("key");
  CREATE INDEX "record_types_updated_at_idx" ON "record_types" USING btree ("updated_at");
  CREATE INDEX "record_types_created_at_idx" ON "record_types" USING btree ("created_at");
  CREATE INDEX "records_type_idx" ON "records" USING btree ("type_id");
  CREATE INDEX "records_tenant_idx" ON "records" USING btree ("tenant_id");
  CREATE INDEX "records_updated_at_idx" ON "records" USING btree ("updated_at");
  CREATE INDEX "records_created_at_idx" ON "records" USING btree ("created_at");
  CREATE UNIQUE INDEX "tenant_type_source_externalId_idx" ON "records" USING btree ("tenant_id","type_id","source","external_id");
  CREATE INDEX "tenant_type_title_idx" ON "records" USING btree ("tenant_id","type_id","title");
  CREATE INDEX "tenant_type_status_idx" ON "records" USING btree ("tenant_id","type_id","status");
  CREATE INDEX "tenant_type_s1_idx" ON "records" USING btree ("tenant_id","type_id","s1");
  CREATE INDEX "tenant_type_s2_idx" ON "records" USING btree ("tenant_id","type_id","s2");
  CREATE INDEX "tenant_type_s3_idx" ON "records" USING btree ("tenant_id","type_id","s3");
  CREATE INDEX "tenant_type_s4_idx" ON "records" USING btree ("tenant_id","type_id","s4");
  CREATE INDEX "tenant_type_s5_idx" ON "records" USING btree ("tenant_id","type_id","s5");
  CREATE INDEX "tenant_type_s6_idx" ON "records" USING btree ("tenant_id","type_id","s6");
  CREATE INDEX "tenant_type_n1_idx" ON "records" USING btree ("tenant_id","type_id","n1");
  CREATE INDEX "tenant_type_n2_idx" ON "records" USING btree ("tenant_id","type_id","n2");
  CREATE INDEX "tenant_type_n3_idx" ON "records" USING btree ("tenant_id","type_id","n3");
  CREATE INDEX "tenant_type_n4_idx" ON "records" USING btree ("tenant_id","type_id","n4");
  CREATE INDEX "tenant_type_d1_idx" ON "records" USING btree ("tenant_id","type_id","d1");
  CREATE INDEX "tenant_type_d2_idx" ON "records" USING btree ("tenant_id","type_id","d2");
  CREATE INDEX "tenant_type_d3_idx" ON "records" USING btree ("tenant_id","type_id","d3");
  CREATE INDEX "tenant_type_d4_idx" ON "records" USING btree ("tenant_id","type_id","d4");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_record_types_fk" FOREIGN KEY ("record_types_id") REFERENCES "public"."record_types"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_records_fk" FOREIGN KEY ("records_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_record_types_id_idx" ON "payload_locked_documents_rels" USING btree ("record_types_id");
  CREATE INDEX "payload_locked_documents_rels_records_id_idx" ON "payload_locked_documents_rels" USING btree ("records_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "record_types_fields_choices" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "record_types_fields_statuses" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "record_types_fields" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "record_types" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "records" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "record_types_fields_choices" CASCADE;
  DROP TABLE "record_types_fields_statuses" CASCADE;
  DROP TABLE "record_types_fields" CASCADE;
  DROP TABLE "record_types" CASCADE;
  DROP TABLE "records" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_record_types_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_records_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  DROP INDEX "payload_locked_documents_rels_record_types_id_idx";
  DROP INDEX "payload_locked_documents_rels_records_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "record_types_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "records_id";
  DROP TYPE "public"."enum_record_types_fields_statuses_category";
  DROP TYPE "public"."enum_record_types_fields_kind";`)
}
