import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`pages_blocks_record_list\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`_path\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`heading\` text,
  	\`record_type\` text NOT NULL,
  	\`filter\` text,
  	\`sort\` text,
  	\`page_size\` numeric DEFAULT 20,
  	\`block_name\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_record_list_order_idx\` ON \`pages_blocks_record_list\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_record_list_parent_id_idx\` ON \`pages_blocks_record_list\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_record_list_path_idx\` ON \`pages_blocks_record_list\` (\`_path\`);`)
  await db.run(sql`CREATE TABLE \`pages_blocks_invoices_paid_categories\` (
  	\`order\` integer NOT NULL,
  	\`parent_id\` text NOT NULL,
  	\`value\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`pages_blocks_invoices\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_invoices_paid_categories_order_idx\` ON \`pages_blocks_invoices_paid_categories\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_invoices_paid_categories_parent_idx\` ON \`pages_blocks_invoices_paid_categories\` (\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`pages_blocks_invoices\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`_path\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`heading\` text,
  	\`record_type\` text NOT NULL,
  	\`amount_field\` text NOT NULL,
  	\`due_field\` text NOT NULL,
  	\`filter\` text,
  	\`sort\` text,
  	\`page_size\` numeric DEFAULT 20,
  	\`block_name\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_invoices_order_idx\` ON \`pages_blocks_invoices\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_invoices_parent_id_idx\` ON \`pages_blocks_invoices\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_invoices_path_idx\` ON \`pages_blocks_invoices\` (\`_path\`);`)
  await db.run(sql`CREATE TABLE \`pages_blocks_kpi_tiles_tiles\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`label\` text NOT NULL,
  	\`record_type\` text NOT NULL,
  	\`filter\` text,
  	\`status_category\` text,
  	\`measure\` text DEFAULT 'count' NOT NULL,
  	\`field\` text,
  	\`page\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`pages_blocks_kpi_tiles\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_kpi_tiles_tiles_order_idx\` ON \`pages_blocks_kpi_tiles_tiles\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_kpi_tiles_tiles_parent_id_idx\` ON \`pages_blocks_kpi_tiles_tiles\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`pages_blocks_kpi_tiles\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`_path\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`heading\` text,
  	\`block_name\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_kpi_tiles_order_idx\` ON \`pages_blocks_kpi_tiles\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_kpi_tiles_parent_id_idx\` ON \`pages_blocks_kpi_tiles\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_kpi_tiles_path_idx\` ON \`pages_blocks_kpi_tiles\` (\`_path\`);`)
  await db.run(sql`CREATE TABLE \`pages_texts\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer NOT NULL,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`text\` text,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_texts_order_parent\` ON \`pages_texts\` (\`order\`,\`parent_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`pages_blocks_record_list\`;`)
  await db.run(sql`DROP TABLE \`pages_blocks_invoices_paid_categories\`;`)
  await db.run(sql`DROP TABLE \`pages_blocks_invoices\`;`)
  await db.run(sql`DROP TABLE \`pages_blocks_kpi_tiles_tiles\`;`)
  await db.run(sql`DROP TABLE \`pages_blocks_kpi_tiles\`;`)
  await db.run(sql`DROP TABLE \`pages_texts\`;`)
}
