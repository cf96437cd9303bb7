import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_pages_blocks_invoices_paid_categories" AS ENUM('open', 'at_risk', 'done', 'cancelled');
  CREATE TYPE "public"."enum_pages_blocks_kpi_tiles_tiles_status_category" AS ENUM('open', 'at_risk', 'done', 'cancelled');
  CREATE TYPE "public"."enum_pages_blocks_kpi_tiles_tiles_measure" AS ENUM('count', 'sum');
  CREATE TABLE "pages_blocks_record_list" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"heading" varchar,
  	"record_type" varchar NOT NULL,
  	"filter" jsonb,
  	"sort" varchar,
  	"page_size" numeric DEFAULT 20,
  	"block_name" varchar
  );
  
  CREATE TABLE "pages_blocks_invoices_paid_categories" (
  	"order" integer NOT NULL,
  	"parent_id" varchar NOT NULL,
  	"value" "enum_pages_blocks_invoices_paid_categories",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "pages_blocks_invoices" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"heading" varchar,
  	"record_type" varchar NOT NULL,
  	"amount_field" varchar NOT NULL,
  	"due_field" varchar NOT NULL,
  	"filter" jsonb,
  	"sort" varchar,
  	"page_size" numeric DEFAULT 20,
  	"block_name" varchar
  );
  
  CREATE TABLE "pages_blocks_kpi_tiles_tiles" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar NOT NULL,
  	"record_type" varchar NOT NULL,
  	"filter" jsonb,
  	"status_category" "enum_pages_blocks_kpi_tiles_tiles_status_category",
  	"measure" "enum_pages_blocks_kpi_tiles_tiles_measure" DEFAULT 'count' NOT NULL,
  	"field" varchar,
  	"page" varchar
  );
  
  CREATE TABLE "pages_blocks_kpi_tiles" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"heading" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "pages_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  ALTER TABLE "pages_blocks_record_list" ADD CONSTRAINT "pages_blocks_record_list_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "pages_blocks_invoices_paid_categories" ADD CONSTRAINT "pages_blocks_invoices_paid_categories_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."pages_blocks_invoices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "pages_blocks_invoices" ADD CONSTRAINT "pages_blocks_invoices_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "pages_blocks_kpi_tiles_tiles" ADD CONSTRAINT "pages_blocks_kpi_tiles_tiles_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."pages_blocks_kpi_tiles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "pages_blocks_kpi_tiles" ADD CONSTRAINT "pages_blocks_kpi_tiles_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "pages_texts" ADD CONSTRAINT "pages_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "pages_blocks_record_list_order_idx" ON "pages_blocks_record_list" USING btree ("_order");
  CREATE INDEX "pages_blocks_record_list_parent_id_idx" ON "pages_blocks_record_list" USING btree ("_parent_id");
  CREATE INDEX "pages_blocks_record_list_path_idx" ON "pages_blocks_record_list" USING btree ("_path");
  CREATE INDEX "pages_blocks_invoices_paid_categories_order_idx" ON "pages_blocks_invoices_paid_categories" USING btree ("order");
  CREATE INDEX "pages_blocks_invoices_paid_categories_parent_idx" ON "pages_blocks_invoices_paid_categories" USING btree ("parent_id");
  CREATE INDEX "pages_blocks_invoices_order_idx" ON "pages_blocks_invoices" USING btree ("_order");
  CREATE INDEX "pages_blocks_invoices_parent_id_idx" ON "pages_blocks_invoices" USING btree ("_parent_id");
  CREATE INDEX "pages_blocks_invoices_path_idx" ON "pages_blocks_invoices" USING btree ("_path");
  CREATE INDEX "pages_blocks_kpi_tiles_tiles_order_idx" ON "pages_blocks_kpi_tiles_tiles" USING btree ("_order");
  CREATE INDEX "pages_blocks_kpi_tiles_tiles_parent_id_idx" ON "pages_blocks_kpi_tiles_tiles" USING btree ("_parent_id");
  CREATE INDEX "pages_blocks_kpi_tiles_order_idx" ON "pages_blocks_kpi_tiles" USING btree ("_order");
  CREATE INDEX "pages_blocks_kpi_tiles_parent_id_idx" ON "pages_blocks_kpi_tiles" USING btree ("_parent_id");
  CREATE INDEX "pages_blocks_kpi_tiles_path_idx" ON "pages_blocks_kpi_tiles" USING btree ("_path");
  CREATE INDEX "pages_texts_order_parent" ON "pages_texts" USING btree ("order","parent_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "pages_blocks_record_list" CASCADE;
  DROP TABLE "pages_blocks_invoices_paid_categories" CASCADE;
  DROP TABLE "pages_blocks_invoices" CASCADE;
  DROP TABLE "pages_blocks_kpi_tiles_tiles" CASCADE;
  DROP TABLE "pages_blocks_kpi_tiles" CASCADE;
  DROP TABLE "pages_texts" CASCADE;
  DROP TYPE "public"."enum_pages_blocks_invoices_paid_categories";
  DROP TYPE "public"."enum_pages_blocks_kpi_tiles_tiles_status_category";
  DROP TYPE "public"."enum_pages_blocks_kpi_tiles_tiles_measure";`)
}
