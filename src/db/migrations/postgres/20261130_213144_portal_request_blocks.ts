import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_pages_blocks_tasks_show" AS ENUM('mine', 'tenant');
  CREATE TABLE "pages_blocks_request_form" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"heading" varchar,
  	"request_type" varchar NOT NULL,
  	"block_name" varchar
  );
  
  CREATE TABLE "pages_blocks_tasks" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"heading" varchar,
  	"show" "enum_pages_blocks_tasks_show" DEFAULT 'mine' NOT NULL,
  	"block_name" varchar
  );
  
  ALTER TABLE "pages_blocks_request_form" ADD CONSTRAINT "pages_blocks_request_form_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "pages_blocks_tasks" ADD CONSTRAINT "pages_blocks_tasks_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "pages_blocks_request_form_order_idx" ON "pages_blocks_request_form" USING btree ("_order");
  CREATE INDEX "pages_blocks_request_form_parent_id_idx" ON "pages_blocks_request_form" USING btree ("_parent_id");
  CREATE INDEX "pages_blocks_request_form_path_idx" ON "pages_blocks_request_form" USING btree ("_path");
  CREATE INDEX "pages_blocks_tasks_order_idx" ON "pages_blocks_tasks" USING btree ("_order");
  CREATE INDEX "pages_blocks_tasks_parent_id_idx" ON "pages_blocks_tasks" USING btree ("_parent_id");
  CREATE INDEX "pages_blocks_tasks_path_idx" ON "pages_blocks_tasks" USING btree ("_path");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "pages_blocks_request_form" CASCADE;
  DROP TABLE "pages_blocks_tasks" CASCADE;
  DROP TYPE "public"."enum_pages_blocks_tasks_show";`)
}
