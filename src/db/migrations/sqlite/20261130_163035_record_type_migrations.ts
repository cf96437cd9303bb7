import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`record_type_migrations\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`title\` text NOT NULL,
  	\`type_id\` integer,
  	\`from_revision\` numeric NOT NULL,
  	\`to_revision\` numeric NOT NULL,
  	\`changes\` text NOT NULL,
  	\`adapts_data\` integer DEFAULT false,
  	\`before\` text NOT NULL,
  	\`after\` text NOT NULL,
  	\`assignment\` text NOT NULL,
  	\`state\` text DEFAULT 'queued' NOT NULL,
  	\`total\` numeric DEFAULT 0 NOT NULL,
  	\`processed\` numeric DEFAULT 0 NOT NULL,
  	\`batches\` numeric DEFAULT 0 NOT NULL,
  	\`cursor\` text,
  	\`confirmed_at\` text,
  	\`started_at\` text,
  	\`finished_at\` text,
  	\`job\` text,
  	\`error\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`type_id\`) REFERENCES \`record_types\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`record_type_migrations_type_idx\` ON \`record_type_migrations\` (\`type_id\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_state_idx\` ON \`record_type_migrations\` (\`state\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_updated_at_idx\` ON \`record_type_migrations\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_created_at_idx\` ON \`record_type_migrations\` (\`created_at\`);`)
  await db.run(sql`CREATE UNIQUE INDEX \`type_fromRevision_idx\` ON \`record_type_migrations\` (\`type_id\`,\`from_revision\`);`)
  await db.run(sql`CREATE TABLE \`record_type_migrations_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`users_id\` integer,
  	\`integration_accounts_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`record_type_migrations\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`integration_accounts_id\`) REFERENCES \`integration_accounts\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`record_type_migrations_rels_order_idx\` ON \`record_type_migrations_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_rels_parent_idx\` ON \`record_type_migrations_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_rels_path_idx\` ON \`record_type_migrations_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_rels_users_id_idx\` ON \`record_type_migrations_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`record_type_migrations_rels_integration_accounts_id_idx\` ON \`record_type_migrations_rels\` (\`integration_accounts_id\`);`)
  await db.run(sql`CREATE TABLE \`payload_jobs_log\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`executed_at\` text NOT NULL,
  	\`completed_at\` text NOT NULL,
  	\`task_slug\` text NOT NULL,
  	\`task_i_d\` text NOT NULL,
  	\`input\` text,
  	\`output\` text,
  	\`state\` text NOT NULL,
  	\`error\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`payload_jobs\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`payload_jobs_log_order_idx\` ON \`payload_jobs_log\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_log_parent_id_idx\` ON \`payload_jobs_log\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`payload_jobs\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`input\` text,
  	\`completed_at\` text,
  	\`total_tried\` numeric DEFAULT 0,
  	\`has_error\` integer DEFAULT false,
  	\`error\` text,
  	\`task_slug\` text,
  	\`queue\` text DEFAULT 'default',
  	\`wait_until\` text,
  	\`processing\` integer DEFAULT false,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE INDEX \`payload_jobs_completed_at_idx\` ON \`payload_jobs\` (\`completed_at\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_total_tried_idx\` ON \`payload_jobs\` (\`total_tried\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_has_error_idx\` ON \`payload_jobs\` (\`has_error\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_task_slug_idx\` ON \`payload_jobs\` (\`task_slug\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_queue_idx\` ON \`payload_jobs\` (\`queue\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_wait_until_idx\` ON \`payload_jobs\` (\`wait_until\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_processing_idx\` ON \`payload_jobs\` (\`processing\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_updated_at_idx\` ON \`payload_jobs\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_created_at_idx\` ON \`payload_jobs\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`record_types\` ADD \`migrating\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`record_types\` ADD \`migration_id\` integer REFERENCES record_type_migrations(id);`)
  await db.run(sql`CREATE INDEX \`record_types_migration_idx\` ON \`record_types\` (\`migration_id\`);`)
  await db.run(sql`ALTER TABLE \`records\` ADD \`type_revision\` numeric;`)
  await db.run(sql`CREATE INDEX \`type_typeRevision_idx\` ON \`records\` (\`type_id\`,\`type_revision\`);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`record_type_migrations_id\` integer REFERENCES record_type_migrations(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_record_type_migrations_id_idx\` ON \`payload_locked_documents_rels\` (\`record_type_migrations_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`record_type_migrations\`;`)
  await db.run(sql`DROP TABLE \`record_type_migrations_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs_log\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_record_types\` (
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
  await db.run(sql`INSERT INTO \`__new_record_types\`("id", "key", "singular_label", "plural_label", "title_field", "status_field", "stale_after_minutes", "revision", "slot_assignment", "updated_at", "created_at") SELECT "id", "key", "singular_label", "plural_label", "title_field", "status_field", "stale_after_minutes", "revision", "slot_assignment", "updated_at", "created_at" FROM \`record_types\`;`)
  await db.run(sql`DROP TABLE \`record_types\`;`)
  await db.run(sql`ALTER TABLE \`__new_record_types\` RENAME TO \`record_types\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE UNIQUE INDEX \`record_types_key_idx\` ON \`record_types\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`record_types_updated_at_idx\` ON \`record_types\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`record_types_created_at_idx\` ON \`record_types\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`__new_payload_locked_documents_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`users_id\` integer,
  	\`tenants_id\` integer,
  	\`roles_id\` integer,
  	\`media_id\` integer,
  	\`record_types_id\` integer,
  	\`records_id\` integer,
  	\`integration_accounts_id\` integer,
  	\`idempotency_keys_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`tenants_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`roles_id\`) REFERENCES \`roles\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`record_types_id\`) REFERENCES \`record_types\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`records_id\`) REFERENCES \`records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`integration_accounts_id\`) REFERENCES \`integration_accounts\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`idempotency_keys_id\`) REFERENCES \`idempotency_keys\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "records_id", "integration_accounts_id", "idempotency_keys_id") SELECT "id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "records_id", "integration_accounts_id", "idempotency_keys_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_tenants_id_idx\` ON \`payload_locked_documents_rels\` (\`tenants_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_roles_id_idx\` ON \`payload_locked_documents_rels\` (\`roles_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_media_id_idx\` ON \`payload_locked_documents_rels\` (\`media_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_record_types_id_idx\` ON \`payload_locked_documents_rels\` (\`record_types_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_records_id_idx\` ON \`payload_locked_documents_rels\` (\`records_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_integration_accounts_id_idx\` ON \`payload_locked_documents_rels\` (\`integration_accounts_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_idempotency_keys_id_idx\` ON \`payload_locked_documents_rels\` (\`idempotency_keys_id\`);`)
  await db.run(sql`DROP INDEX \`type_typeRevision_idx\`;`)
  await db.run(sql`ALTER TABLE \`records\` DROP COLUMN \`type_revision\`;`)
}
