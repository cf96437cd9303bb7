import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`notification_rules_recipients\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`kind\` text NOT NULL,
  	\`role_id\` integer,
  	\`address\` text,
  	FOREIGN KEY (\`role_id\`) REFERENCES \`roles\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`notification_rules\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`notification_rules_recipients_order_idx\` ON \`notification_rules_recipients\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`notification_rules_recipients_parent_id_idx\` ON \`notification_rules_recipients\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`notification_rules_recipients_role_idx\` ON \`notification_rules_recipients\` (\`role_id\`);`)
  await db.run(sql`CREATE TABLE \`notification_rules\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`name\` text NOT NULL,
  	\`event\` text NOT NULL,
  	\`tenant_id\` integer,
  	\`active\` integer DEFAULT true,
  	\`tier\` text DEFAULT 'informational' NOT NULL,
  	\`conditions\` text,
  	\`template\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`notification_rules_tenant_idx\` ON \`notification_rules\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`notification_rules_updated_at_idx\` ON \`notification_rules\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`notification_rules_created_at_idx\` ON \`notification_rules\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`event_active_idx\` ON \`notification_rules\` (\`event\`,\`active\`);`)
  await db.run(sql`CREATE TABLE \`notifications\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`recipient_id\` integer NOT NULL,
  	\`type\` text NOT NULL,
  	\`tier\` text NOT NULL,
  	\`title\` text NOT NULL,
  	\`body\` text,
  	\`url\` text NOT NULL,
  	\`item_collection\` text NOT NULL,
  	\`item_id\` text NOT NULL,
  	\`actor_id\` integer,
  	\`in_bell\` integer DEFAULT true,
  	\`read_at\` text,
  	\`digest\` text,
  	\`digest_key\` text,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`recipient_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`actor_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`notifications_key_idx\` ON \`notifications\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`notifications_recipient_idx\` ON \`notifications\` (\`recipient_id\`);`)
  await db.run(sql`CREATE INDEX \`notifications_actor_idx\` ON \`notifications\` (\`actor_id\`);`)
  await db.run(sql`CREATE INDEX \`notifications_digest_key_idx\` ON \`notifications\` (\`digest_key\`);`)
  await db.run(sql`CREATE INDEX \`notifications_tenant_idx\` ON \`notifications\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`notifications_updated_at_idx\` ON \`notifications\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`notifications_created_at_idx\` ON \`notifications\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`recipient_inBell_readAt_idx\` ON \`notifications\` (\`recipient_id\`,\`in_bell\`,\`read_at\`);`)
  await db.run(sql`CREATE INDEX \`recipient_digest_idx\` ON \`notifications\` (\`recipient_id\`,\`digest\`);`)
  await db.run(sql`CREATE TABLE \`notification_preferences\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text,
  	\`user_id\` integer NOT NULL,
  	\`tenant_id\` integer,
  	\`choices\` text,
  	\`digest_frequency\` text DEFAULT 'weekly',
  	\`digest_day\` text DEFAULT 'friday',
  	\`digest_hour\` numeric DEFAULT 15,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`notification_preferences_key_idx\` ON \`notification_preferences\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`notification_preferences_user_idx\` ON \`notification_preferences\` (\`user_id\`);`)
  await db.run(sql`CREATE INDEX \`notification_preferences_tenant_idx\` ON \`notification_preferences\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`notification_preferences_updated_at_idx\` ON \`notification_preferences\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`notification_preferences_created_at_idx\` ON \`notification_preferences\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`notification_deliveries\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`event\` text NOT NULL,
  	\`type\` text NOT NULL,
  	\`channel\` text NOT NULL,
  	\`template\` text,
  	\`tier\` text,
  	\`recipient_id\` integer,
  	\`address\` text,
  	\`tenant_id\` integer,
  	\`status\` text DEFAULT 'queued' NOT NULL,
  	\`reason\` text,
  	\`attempts\` numeric DEFAULT 0,
  	\`sent_at\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`recipient_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`notification_deliveries_key_idx\` ON \`notification_deliveries\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`notification_deliveries_recipient_idx\` ON \`notification_deliveries\` (\`recipient_id\`);`)
  await db.run(sql`CREATE INDEX \`notification_deliveries_tenant_idx\` ON \`notification_deliveries\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`notification_deliveries_updated_at_idx\` ON \`notification_deliveries\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`notification_deliveries_created_at_idx\` ON \`notification_deliveries\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`status_updatedAt_idx\` ON \`notification_deliveries\` (\`status\`,\`updated_at\`);`)
  await db.run(sql`CREATE TABLE \`payload_jobs_stats\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`stats\` text,
  	\`updated_at\` text,
  	\`created_at\` text
  );
  `)
  await db.run(sql`ALTER TABLE \`users\` ADD \`locale\` text DEFAULT 'en-GB';`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`time_zone\` text DEFAULT 'UTC';`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`notification_defaults_choices\` text;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`notification_defaults_digest_frequency\` text DEFAULT 'weekly';`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`notification_defaults_digest_day\` text DEFAULT 'friday';`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`notification_defaults_digest_hour\` numeric DEFAULT 15;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` ADD \`meta\` text;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`notification_rules_id\` integer REFERENCES notification_rules(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`notifications_id\` integer REFERENCES notifications(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`notification_preferences_id\` integer REFERENCES notification_preferences(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`notification_deliveries_id\` integer REFERENCES notification_deliveries(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notification_rules_id_idx\` ON \`payload_locked_documents_rels\` (\`notification_rules_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notifications_id_idx\` ON \`payload_locked_documents_rels\` (\`notifications_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notification_preferences_i_idx\` ON \`payload_locked_documents_rels\` (\`notification_preferences_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notification_deliveries_id_idx\` ON \`payload_locked_documents_rels\` (\`notification_deliveries_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`notification_rules_recipients\`;`)
  await db.run(sql`DROP TABLE \`notification_rules\`;`)
  await db.run(sql`DROP TABLE \`notifications\`;`)
  await db.run(sql`DROP TABLE \`notification_preferences\`;`)
  await db.run(sql`DROP TABLE \`notification_deliveries\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs_stats\`;`)
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
  	\`record_types_id\` integer,
  	\`record_type_migrations_id\` integer,
  	\`records_id\` integer,
  	\`integration_accounts_id\` integer,
  	\`idempotency_keys_id\` integer,
  	\`workflow_definitions_id\` integer,
  	\`request_types_id\` integer,
  	\`requests_id\` integer,
  	\`workflow_events_id\` integer,
  	\`delegations_id\` integer,
  	\`tasks_id\` integer,
  	\`outgoing_events_id\` integer,
  	\`workflow_effect_runs_id\` integer,
  	\`templates_id\` integer,
  	\`pages_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`tenants_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`roles_id\`) REFERENCES \`roles\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`record_types_id\`) REFERENCES \`record_types\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`record_type_migrations_id\`) REFERENCES \`record_type_migrations\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`records_id\`) REFERENCES \`records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`integration_accounts_id\`) REFERENCES \`integration_accounts\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`idempotency_keys_id\`) REFERENCES \`idempotency_keys\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`workflow_definitions_id\`) REFERENCES \`workflow_definitions\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`request_types_id\`) REFERENCES \`request_types\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`requests_id\`) REFERENCES \`requests\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`workflow_events_id\`) REFERENCES \`workflow_events\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`delegations_id\`) REFERENCES \`delegations\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`tasks_id\`) REFERENCES \`tasks\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`outgoing_events_id\`) REFERENCES \`outgoing_events\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`workflow_effect_runs_id\`) REFERENCES \`workflow_effect_runs\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`templates_id\`) REFERENCES \`templates\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`pages_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id", "workflow_definitions_id", "request_types_id", "requests_id", "workflow_events_id", "delegations_id", "tasks_id", "outgoing_events_id", "workflow_effect_runs_id", "templates_id", "pages_id") SELECT "id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id", "workflow_definitions_id", "request_types_id", "requests_id", "workflow_events_id", "delegations_id", "tasks_id", "outgoing_events_id", "workflow_effect_runs_id", "templates_id", "pages_id" FROM \`payload_locked_documents_rels\`;`)
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
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_record_types_id_idx\` ON \`payload_locked_documents_rels\` (\`record_types_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_record_type_migrations_id_idx\` ON \`payload_locked_documents_rels\` (\`record_type_migrations_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_records_id_idx\` ON \`payload_locked_documents_rels\` (\`records_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_integration_accounts_id_idx\` ON \`payload_locked_documents_rels\` (\`integration_accounts_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_idempotency_keys_id_idx\` ON \`payload_locked_documents_rels\` (\`idempotency_keys_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_workflow_definitions_id_idx\` ON \`payload_locked_documents_rels\` (\`workflow_definitions_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_request_types_id_idx\` ON \`payload_locked_documents_rels\` (\`request_types_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_requests_id_idx\` ON \`payload_locked_documents_rels\` (\`requests_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_workflow_events_id_idx\` ON \`payload_locked_documents_rels\` (\`workflow_events_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_delegations_id_idx\` ON \`payload_locked_documents_rels\` (\`delegations_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_tasks_id_idx\` ON \`payload_locked_documents_rels\` (\`tasks_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_outgoing_events_id_idx\` ON \`payload_locked_documents_rels\` (\`outgoing_events_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_workflow_effect_runs_id_idx\` ON \`payload_locked_documents_rels\` (\`workflow_effect_runs_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_templates_id_idx\` ON \`payload_locked_documents_rels\` (\`templates_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_pages_id_idx\` ON \`payload_locked_documents_rels\` (\`pages_id\`);`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`locale\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`time_zone\`;`)
  await db.run(sql`ALTER TABLE \`tenants\` DROP COLUMN \`notification_defaults_choices\`;`)
  await db.run(sql`ALTER TABLE \`tenants\` DROP COLUMN \`notification_defaults_digest_frequency\`;`)
  await db.run(sql`ALTER TABLE \`tenants\` DROP COLUMN \`notification_defaults_digest_day\`;`)
  await db.run(sql`ALTER TABLE \`tenants\` DROP COLUMN \`notification_defaults_digest_hour\`;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` DROP COLUMN \`meta\`;`)
}
