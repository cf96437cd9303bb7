import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`workflow_definitions\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`title\` text NOT NULL,
  	\`key\` text NOT NULL,
  	\`version\` numeric,
  	\`description\` text,
  	\`status\` text DEFAULT 'draft' NOT NULL,
  	\`published_at\` text,
  	\`definition\` text NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE INDEX \`workflow_definitions_key_idx\` ON \`workflow_definitions\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`workflow_definitions_updated_at_idx\` ON \`workflow_definitions\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`workflow_definitions_created_at_idx\` ON \`workflow_definitions\` (\`created_at\`);`)
  await db.run(sql`CREATE UNIQUE INDEX \`key_version_idx\` ON \`workflow_definitions\` (\`key\`,\`version\`);`)
  await db.run(sql`CREATE TABLE \`request_types_fields_choices\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`value\` text,
  	\`label\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`request_types_fields\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`request_types_fields_choices_order_idx\` ON \`request_types_fields_choices\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`request_types_fields_choices_parent_id_idx\` ON \`request_types_fields_choices\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`request_types_fields_statuses\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`value\` text,
  	\`label\` text,
  	\`colour\` text DEFAULT '#6e7781',
  	\`category\` text DEFAULT 'open',
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`request_types_fields\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`request_types_fields_statuses_order_idx\` ON \`request_types_fields_statuses\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`request_types_fields_statuses_parent_id_idx\` ON \`request_types_fields_statuses\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`request_types_fields\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`label\` text NOT NULL,
  	\`kind\` text NOT NULL,
  	\`help_text\` text,
  	\`required\` integer DEFAULT false,
  	\`reference_type\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`request_types\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`request_types_fields_order_idx\` ON \`request_types_fields\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`request_types_fields_parent_id_idx\` ON \`request_types_fields\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`request_types\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`singular_label\` text NOT NULL,
  	\`plural_label\` text NOT NULL,
  	\`description\` text,
  	\`title_field\` text NOT NULL,
  	\`workflow\` text NOT NULL,
  	\`promised_within\` text,
  	\`active\` integer DEFAULT true,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`request_types_key_idx\` ON \`request_types\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`request_types_updated_at_idx\` ON \`request_types\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`request_types_created_at_idx\` ON \`request_types\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`requests\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`title\` text NOT NULL,
  	\`request_type_id\` integer NOT NULL,
  	\`workflow_id\` integer NOT NULL,
  	\`state\` text NOT NULL,
  	\`outcome\` text,
  	\`data\` text NOT NULL,
  	\`requester_id\` integer NOT NULL,
  	\`approvals\` text,
  	\`revision\` numeric NOT NULL,
  	\`step_epoch\` numeric NOT NULL,
  	\`due_at\` text,
  	\`promised_by\` text,
  	\`submitted_at\` text,
  	\`closed_at\` text,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`request_type_id\`) REFERENCES \`request_types\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`workflow_id\`) REFERENCES \`workflow_definitions\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`requester_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`requests_request_type_idx\` ON \`requests\` (\`request_type_id\`);`)
  await db.run(sql`CREATE INDEX \`requests_workflow_idx\` ON \`requests\` (\`workflow_id\`);`)
  await db.run(sql`CREATE INDEX \`requests_state_idx\` ON \`requests\` (\`state\`);`)
  await db.run(sql`CREATE INDEX \`requests_requester_idx\` ON \`requests\` (\`requester_id\`);`)
  await db.run(sql`CREATE INDEX \`requests_tenant_idx\` ON \`requests\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`requests_updated_at_idx\` ON \`requests\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`requests_created_at_idx\` ON \`requests\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`tenant_state_idx\` ON \`requests\` (\`tenant_id\`,\`state\`);`)
  await db.run(sql`CREATE TABLE \`requests_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`records_id\` integer,
  	\`users_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`requests\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`records_id\`) REFERENCES \`records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`requests_rels_order_idx\` ON \`requests_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`requests_rels_parent_idx\` ON \`requests_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`requests_rels_path_idx\` ON \`requests_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`requests_rels_records_id_idx\` ON \`requests_rels\` (\`records_id\`);`)
  await db.run(sql`CREATE INDEX \`requests_rels_users_id_idx\` ON \`requests_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE TABLE \`workflow_events\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`request_id\` integer NOT NULL,
  	\`actor_id\` integer,
  	\`on_behalf_of_id\` integer,
  	\`action\` text NOT NULL,
  	\`state\` text NOT NULL,
  	\`reason\` text,
  	\`comment\` text,
  	\`at\` text NOT NULL,
  	\`revision\` numeric,
  	\`detail\` text,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`request_id\`) REFERENCES \`requests\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`actor_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`on_behalf_of_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`workflow_events_request_idx\` ON \`workflow_events\` (\`request_id\`);`)
  await db.run(sql`CREATE INDEX \`workflow_events_actor_idx\` ON \`workflow_events\` (\`actor_id\`);`)
  await db.run(sql`CREATE INDEX \`workflow_events_on_behalf_of_idx\` ON \`workflow_events\` (\`on_behalf_of_id\`);`)
  await db.run(sql`CREATE INDEX \`workflow_events_tenant_idx\` ON \`workflow_events\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`workflow_events_updated_at_idx\` ON \`workflow_events\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`workflow_events_created_at_idx\` ON \`workflow_events\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`request_at_idx\` ON \`workflow_events\` (\`request_id\`,\`at\`);`)
  await db.run(sql`CREATE TABLE \`delegations\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`user_id\` integer NOT NULL,
  	\`substitute_id\` integer NOT NULL,
  	\`from\` text NOT NULL,
  	\`to\` text NOT NULL,
  	\`amount_limit\` numeric,
  	\`note\` text,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`substitute_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`delegations_user_idx\` ON \`delegations\` (\`user_id\`);`)
  await db.run(sql`CREATE INDEX \`delegations_substitute_idx\` ON \`delegations\` (\`substitute_id\`);`)
  await db.run(sql`CREATE INDEX \`delegations_tenant_idx\` ON \`delegations\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`delegations_updated_at_idx\` ON \`delegations\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`delegations_created_at_idx\` ON \`delegations\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`substitute_to_idx\` ON \`delegations\` (\`substitute_id\`,\`to\`);`)
  await db.run(sql`CREATE TABLE \`tasks\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`title\` text NOT NULL,
  	\`assignee_id\` integer,
  	\`due\` text,
  	\`status\` text DEFAULT 'open' NOT NULL,
  	\`request_id\` integer,
  	\`notes\` text,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`assignee_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`request_id\`) REFERENCES \`requests\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`tasks_assignee_idx\` ON \`tasks\` (\`assignee_id\`);`)
  await db.run(sql`CREATE INDEX \`tasks_request_idx\` ON \`tasks\` (\`request_id\`);`)
  await db.run(sql`CREATE INDEX \`tasks_tenant_idx\` ON \`tasks\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`tasks_updated_at_idx\` ON \`tasks\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`tasks_created_at_idx\` ON \`tasks\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`assignee_status_idx\` ON \`tasks\` (\`assignee_id\`,\`status\`);`)
  await db.run(sql`CREATE TABLE \`outgoing_events\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`event\` text NOT NULL,
  	\`request_id\` integer,
  	\`payload\` text NOT NULL,
  	\`status\` text DEFAULT 'recorded' NOT NULL,
  	\`tenant_id\` integer NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`request_id\`) REFERENCES \`requests\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`outgoing_events_event_idx\` ON \`outgoing_events\` (\`event\`);`)
  await db.run(sql`CREATE INDEX \`outgoing_events_request_idx\` ON \`outgoing_events\` (\`request_id\`);`)
  await db.run(sql`CREATE INDEX \`outgoing_events_tenant_idx\` ON \`outgoing_events\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`outgoing_events_updated_at_idx\` ON \`outgoing_events\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`outgoing_events_created_at_idx\` ON \`outgoing_events\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`workflow_effect_runs\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`kind\` text NOT NULL,
  	\`request\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`workflow_effect_runs_key_idx\` ON \`workflow_effect_runs\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`workflow_effect_runs_request_idx\` ON \`workflow_effect_runs\` (\`request\`);`)
  await db.run(sql`CREATE INDEX \`workflow_effect_runs_updated_at_idx\` ON \`workflow_effect_runs\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`workflow_effect_runs_created_at_idx\` ON \`workflow_effect_runs\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`users_memberships\` ADD \`approval_limit\` numeric;`)
  await db.run(sql`ALTER TABLE \`users_memberships\` ADD \`approval_unlimited\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`approval_limit\` numeric;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`approval_unlimited\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`workflow_definitions_id\` integer REFERENCES workflow_definitions(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`request_types_id\` integer REFERENCES request_types(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`requests_id\` integer REFERENCES requests(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`workflow_events_id\` integer REFERENCES workflow_events(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`delegations_id\` integer REFERENCES delegations(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`tasks_id\` integer REFERENCES tasks(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`outgoing_events_id\` integer REFERENCES outgoing_events(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`workflow_effect_runs_id\` integer REFERENCES workflow_effect_runs(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_workflow_definitions_id_idx\` ON \`payload_locked_documents_rels\` (\`workflow_definitions_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_request_types_id_idx\` ON \`payload_locked_documents_rels\` (\`request_types_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_requests_id_idx\` ON \`payload_locked_documents_rels\` (\`requests_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_workflow_events_id_idx\` ON \`payload_locked_documents_rels\` (\`workflow_events_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_delegations_id_idx\` ON \`payload_locked_documents_rels\` (\`delegations_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_tasks_id_idx\` ON \`payload_locked_documents_rels\` (\`tasks_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_outgoing_events_id_idx\` ON \`payload_locked_documents_rels\` (\`outgoing_events_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_workflow_effect_runs_id_idx\` ON \`payload_locked_documents_rels\` (\`workflow_effect_runs_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`workflow_definitions\`;`)
  await db.run(sql`DROP TABLE \`request_types_fields_choices\`;`)
  await db.run(sql`DROP TABLE \`request_types_fields_statuses\`;`)
  await db.run(sql`DROP TABLE \`request_types_fields\`;`)
  await db.run(sql`DROP TABLE \`request_types\`;`)
  await db.run(sql`DROP TABLE \`requests\`;`)
  await db.run(sql`DROP TABLE \`requests_rels\`;`)
  await db.run(sql`DROP TABLE \`workflow_events\`;`)
  await db.run(sql`DROP TABLE \`delegations\`;`)
  await db.run(sql`DROP TABLE \`tasks\`;`)
  await db.run(sql`DROP TABLE \`outgoing_events\`;`)
  await db.run(sql`DROP TABLE \`workflow_effect_runs\`;`)
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
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`tenants_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`roles_id\`) REFERENCES \`roles\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`record_types_id\`) REFERENCES \`record_types\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`record_type_migrations_id\`) REFERENCES \`record_type_migrations\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`records_id\`) REFERENCES \`records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`integration_accounts_id\`) REFERENCES \`integration_accounts\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`idempotency_keys_id\`) REFERENCES \`idempotency_keys\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id") SELECT "id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id" FROM \`payload_locked_documents_rels\`;`)
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
  await db.run(sql`ALTER TABLE \`users_memberships\` DROP COLUMN \`approval_limit\`;`)
  await db.run(sql`ALTER TABLE \`users_memberships\` DROP COLUMN \`approval_unlimited\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`approval_limit\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`approval_unlimited\`;`)
}
