import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`sign_in_events\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`kind\` text NOT NULL,
  	\`outcome\` text NOT NULL,
  	\`method\` text,
  	\`user_id\` integer,
  	\`email\` text,
  	\`tenant_id\` integer,
  	\`reason\` text,
  	\`ip_address\` text,
  	\`user_agent\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`sign_in_events_kind_idx\` ON \`sign_in_events\` (\`kind\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_events_user_idx\` ON \`sign_in_events\` (\`user_id\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_events_email_idx\` ON \`sign_in_events\` (\`email\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_events_tenant_idx\` ON \`sign_in_events\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_events_updated_at_idx\` ON \`sign_in_events\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_events_created_at_idx\` ON \`sign_in_events\` (\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`tenant_createdAt_idx\` ON \`sign_in_events\` (\`tenant_id\`,\`created_at\`);`)
  await db.run(sql`CREATE INDEX \`user_createdAt_idx\` ON \`sign_in_events\` (\`user_id\`,\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`sign_in_events_id\` integer REFERENCES sign_in_events(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_sign_in_events_id_idx\` ON \`payload_locked_documents_rels\` (\`sign_in_events_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`sign_in_events\`;`)
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
  	\`notification_rules_id\` integer,
  	\`notifications_id\` integer,
  	\`notification_preferences_id\` integer,
  	\`notification_deliveries_id\` integer,
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
  	FOREIGN KEY (\`pages_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`notification_rules_id\`) REFERENCES \`notification_rules\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`notifications_id\`) REFERENCES \`notifications\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`notification_preferences_id\`) REFERENCES \`notification_preferences\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`notification_deliveries_id\`) REFERENCES \`notification_deliveries\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id", "workflow_definitions_id", "request_types_id", "requests_id", "workflow_events_id", "delegations_id", "tasks_id", "outgoing_events_id", "workflow_effect_runs_id", "templates_id", "pages_id", "notification_rules_id", "notifications_id", "notification_preferences_id", "notification_deliveries_id") SELECT "id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id", "workflow_definitions_id", "request_types_id", "requests_id", "workflow_events_id", "delegations_id", "tasks_id", "outgoing_events_id", "workflow_effect_runs_id", "templates_id", "pages_id", "notification_rules_id", "notifications_id", "notification_preferences_id", "notification_deliveries_id" FROM \`payload_locked_documents_rels\`;`)
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
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notification_rules_id_idx\` ON \`payload_locked_documents_rels\` (\`notification_rules_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notifications_id_idx\` ON \`payload_locked_documents_rels\` (\`notifications_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notification_preferences_i_idx\` ON \`payload_locked_documents_rels\` (\`notification_preferences_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_notification_deliveries_id_idx\` ON \`payload_locked_documents_rels\` (\`notification_deliveries_id\`);`)
}
