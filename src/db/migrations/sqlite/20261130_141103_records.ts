import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`record_types_fields_choices\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`value\` text,
  	\`label\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`record_types_fields\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`record_types_fields_choices_order_idx\` ON \`record_types_fields_choices\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`record_types_fields_choices_parent_id_idx\` ON \`record_types_fields_choices\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`record_types_fields_statuses\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`value\` text,
  	\`label\` text,
  	\`colour\` text DEFAULT '#6e7781',
  	\`category\` text DEFAULT 'open',
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`record_types_fields\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`record_types_fields_statuses_order_idx\` ON \`record_types_fields_statuses\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`record_types_fields_statuses_parent_id_idx\` ON \`record_types_fields_statuses\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`record_types_fields\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`label\` text NOT NULL,
  	\`kind\` text NOT NULL,
  	\`help_text\` text,
  	\`required\` integer DEFAULT false,
  	\`unique\` integer DEFAULT false,
  	\`list_column\` integer DEFAULT false,
  	\`filterable\` integer DEFAULT false,
  	\`sortable\` integer DEFAULT false,
  	\`searchable\` integer DEFAULT false,
  	\`reference_type\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`record_types\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`record_types_fields_order_idx\` ON \`record_types_fields\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`record_types_fields_parent_id_idx\` ON \`record_types_fields\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`record_types\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`singular_label\` text NOT NULL,
  	\`plural_label\` text NOT NULL,
  	\`title_field\` text NOT NULL,
  	\`status_field\` text,
  	\`stale_after_minutes\` numeric,
  	\`revision\` numeric DEFAULT 0,
  	\`slot_assignment\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`record_types_key_idx\` ON \`record_types\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`record_types_updated_at_idx\` ON \`record_types\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`record_types_created_at_idx\` ON \`record_types\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`records\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`type_id\` integer NOT NULL,
  	\`title\` text,
  	\`status\` text,
  	\`status_category\` text,
  	\`data\` text,
  	\`source\` text DEFAULT 'manual' NOT NULL,
  	\`external_id\` text,
  	\`synced_at\` text,
  	\`search_text\` text,
  	\`s1\` text,
  	\`s2\` text,
  	\`s3\` text,
  	\`s4\` text,
  	\`s5\` text,
  	\`s6\` text,
  	\`n1\` numeric,
  	\`n2\` numeric,
  	\`n3\` numeric,
  	\`n4\` numeric,
  	\`d1\` text,
  	\`d2\` text,
  	\`d3\` text,
  	\`d4\` text,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`type_id\`) REFERENCES \`record_types\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`records_type_idx\` ON \`records\` (\`type_id\`);`)
  await db.run(sql`CREATE INDEX \`records_tenant_idx\` ON \`records\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`records_updated_at_idx\` ON \`records\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`records_created_at_idx\` ON \`records\` (\`created_at\`);`)
  await db.run(sql`CREATE UNIQUE INDEX \`tenant_type_source_externalId_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`source\`,\`external_id\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_title_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`title\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_status_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`status\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_s1_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`s1\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_s2_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`s2\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_s3_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`s3\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_s4_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`s4\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_s5_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`s5\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_s6_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`s6\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_n1_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`n1\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_n2_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`n2\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_n3_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`n3\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_n4_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`n4\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_d1_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`d1\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_d2_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`d2\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_d3_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`d3\`);`)
  await db.run(sql`CREATE INDEX \`tenant_type_d4_idx\` ON \`records\` (\`tenant_id\`,\`type_id\`,\`d4\`);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`record_types_id\` integer REFERENCES record_types(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`records_id\` integer REFERENCES records(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_record_types_id_idx\` ON \`payload_locked_documents_rels\` (\`record_types_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_records_id_idx\` ON \`payload_locked_documents_rels\` (\`records_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`record_types_fields_choices\`;`)
  await db.run(sql`DROP TABLE \`record_types_fields_statuses\`;`)
  await db.run(sql`DROP TABLE \`record_types_fields\`;`)
  await db.run(sql`DROP TABLE \`record_types\`;`)
  await db.run(sql`DROP TABLE \`records\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_payload_locked_documents_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`users_id\` integer,
  	\`tenants_id\` integer,
  	\`roles_id\` integer,
  	\`media_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`tenants_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`roles_id\`) REFERENCES \`roles\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id") SELECT "id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_tenants_id_idx\` ON \`payload_locked_documents_rels\` (\`tenants_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_roles_id_idx\` ON \`payload_locked_documents_rels\` (\`roles_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_media_id_idx\` ON \`payload_locked_documents_rels\` (\`media_id\`);`)
}
