import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`tenants_sso_allowed_domains\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`domain\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`tenants_sso_allowed_domains_order_idx\` ON \`tenants_sso_allowed_domains\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`tenants_sso_allowed_domains_parent_id_idx\` ON \`tenants_sso_allowed_domains\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`user_identities\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`user_id\` integer NOT NULL,
  	\`issuer\` text NOT NULL,
  	\`subject\` text NOT NULL,
  	\`tenant_id\` integer,
  	\`email_at_link\` text,
  	\`last_sign_in_at\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`user_identities_user_idx\` ON \`user_identities\` (\`user_id\`);`)
  await db.run(sql`CREATE INDEX \`user_identities_tenant_idx\` ON \`user_identities\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`user_identities_updated_at_idx\` ON \`user_identities\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`user_identities_created_at_idx\` ON \`user_identities\` (\`created_at\`);`)
  await db.run(sql`CREATE UNIQUE INDEX \`issuer_subject_idx\` ON \`user_identities\` (\`issuer\`,\`subject\`);`)
  await db.run(sql`CREATE TABLE \`sign_in_tokens\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`kind\` text NOT NULL,
  	\`token_hash\` text NOT NULL,
  	\`state\` text DEFAULT 'pending' NOT NULL,
  	\`tenant_id\` integer NOT NULL,
  	\`email\` text NOT NULL,
  	\`user_id\` integer,
  	\`expires_at\` text NOT NULL,
  	\`next\` text,
  	\`invited_by_id\` integer,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`tenant_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`invited_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_kind_idx\` ON \`sign_in_tokens\` (\`kind\`);`)
  await db.run(sql`CREATE UNIQUE INDEX \`sign_in_tokens_token_hash_idx\` ON \`sign_in_tokens\` (\`token_hash\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_tenant_idx\` ON \`sign_in_tokens\` (\`tenant_id\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_email_idx\` ON \`sign_in_tokens\` (\`email\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_user_idx\` ON \`sign_in_tokens\` (\`user_id\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_invited_by_idx\` ON \`sign_in_tokens\` (\`invited_by_id\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_updated_at_idx\` ON \`sign_in_tokens\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_created_at_idx\` ON \`sign_in_tokens\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`sign_in_tokens_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` integer NOT NULL,
  	\`path\` text NOT NULL,
  	\`roles_id\` integer,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`sign_in_tokens\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`roles_id\`) REFERENCES \`roles\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_rels_order_idx\` ON \`sign_in_tokens_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_rels_parent_idx\` ON \`sign_in_tokens_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_rels_path_idx\` ON \`sign_in_tokens_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`sign_in_tokens_rels_roles_id_idx\` ON \`sign_in_tokens_rels\` (\`roles_id\`);`)
  await db.run(sql`CREATE TABLE \`security_settings\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`client_idle_minutes\` numeric DEFAULT 480 NOT NULL,
  	\`client_lifetime_hours\` numeric DEFAULT 168 NOT NULL,
  	\`staff_idle_minutes\` numeric DEFAULT 60 NOT NULL,
  	\`staff_lifetime_hours\` numeric DEFAULT 12 NOT NULL,
  	\`updated_at\` text,
  	\`created_at\` text
  );
  `)
  await db.run(sql`ALTER TABLE \`users_sessions\` ADD \`last_active_at\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_secret\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_pending_secret\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_enabled_at\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_last_step\` numeric;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_recovery_codes\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_sessions\` text;`)
  await db.run(sql`ALTER TABLE \`users\` ADD \`second_factor_revision\` numeric DEFAULT 0;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sso_enabled\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sso_issuer\` text;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sso_client_id\` text;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sso_client_secret_sealed\` text;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sso_default_role_id\` integer REFERENCES roles(id);`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sso_required\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`tenants\` ADD \`sign_in_allow_passwords\` integer DEFAULT true;`)
  await db.run(sql`CREATE INDEX \`tenants_sso_sso_default_role_idx\` ON \`tenants\` (\`sso_default_role_id\`);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`user_identities_id\` integer REFERENCES user_identities(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`sign_in_tokens_id\` integer REFERENCES sign_in_tokens(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_user_identities_id_idx\` ON \`payload_locked_documents_rels\` (\`user_identities_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_sign_in_tokens_id_idx\` ON \`payload_locked_documents_rels\` (\`sign_in_tokens_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`tenants_sso_allowed_domains\`;`)
  await db.run(sql`DROP TABLE \`user_identities\`;`)
  await db.run(sql`DROP TABLE \`sign_in_tokens\`;`)
  await db.run(sql`DROP TABLE \`sign_in_tokens_rels\`;`)
  await db.run(sql`DROP TABLE \`security_settings\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_tenants\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`name\` text NOT NULL,
  	\`slug\` text NOT NULL,
  	\`parent_id\` integer,
  	\`status\` text DEFAULT 'active' NOT NULL,
  	\`locale\` text DEFAULT 'en' NOT NULL,
  	\`timezone\` text DEFAULT 'UTC' NOT NULL,
  	\`branding_logo_id\` integer,
  	\`branding_primary_color\` text,
  	\`branding_accent_color\` text,
  	\`notification_defaults_choices\` text,
  	\`notification_defaults_digest_frequency\` text DEFAULT 'weekly',
  	\`notification_defaults_digest_day\` text DEFAULT 'friday',
  	\`notification_defaults_digest_hour\` numeric DEFAULT 15,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`tenants\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`branding_logo_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`INSERT INTO \`__new_tenants\`("id", "name", "slug", "parent_id", "status", "locale", "timezone", "branding_logo_id", "branding_primary_color", "branding_accent_color", "notification_defaults_choices", "notification_defaults_digest_frequency", "notification_defaults_digest_day", "notification_defaults_digest_hour", "updated_at", "created_at") SELECT "id", "name", "slug", "parent_id", "status", "locale", "timezone", "branding_logo_id", "branding_primary_color", "branding_accent_color", "notification_defaults_choices", "notification_defaults_digest_frequency", "notification_defaults_digest_day", "notification_defaults_digest_hour", "updated_at", "created_at" FROM \`tenants\`;`)
  await db.run(sql`DROP TABLE \`tenants\`;`)
  await db.run(sql`ALTER TABLE \`__new_tenants\` RENAME TO \`tenants\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE UNIQUE INDEX \`tenants_slug_idx\` ON \`tenants\` (\`slug\`);`)
  await db.run(sql`CREATE INDEX \`tenants_parent_idx\` ON \`tenants\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`tenants_branding_branding_logo_idx\` ON \`tenants\` (\`branding_logo_id\`);`)
  await db.run(sql`CREATE INDEX \`tenants_updated_at_idx\` ON \`tenants\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`tenants_created_at_idx\` ON \`tenants\` (\`created_at\`);`)
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
  	\`sign_in_events_id\` integer,
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
  	FOREIGN KEY (\`notification_deliveries_id\`) REFERENCES \`notification_deliveries\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`sign_in_events_id\`) REFERENCES \`sign_in_events\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id", "workflow_definitions_id", "request_types_id", "requests_id", "workflow_events_id", "delegations_id", "tasks_id", "outgoing_events_id", "workflow_effect_runs_id", "templates_id", "pages_id", "notification_rules_id", "notifications_id", "notification_preferences_id", "notification_deliveries_id", "sign_in_events_id") SELECT "id", "order", "parent_id", "path", "users_id", "tenants_id", "roles_id", "media_id", "record_types_id", "record_type_migrations_id", "records_id", "integration_accounts_id", "idempotency_keys_id", "workflow_definitions_id", "request_types_id", "requests_id", "workflow_events_id", "delegations_id", "tasks_id", "outgoing_events_id", "workflow_effect_runs_id", "templates_id", "pages_id", "notification_rules_id", "notifications_id", "notification_preferences_id", "notification_deliveries_id", "sign_in_events_id" FROM \`payload_locked_documents_rels\`;`)
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
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_sign_in_events_id_idx\` ON \`payload_locked_documents_rels\` (\`sign_in_events_id\`);`)
  await db.run(sql`ALTER TABLE \`users_sessions\` DROP COLUMN \`last_active_at\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_secret\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_pending_secret\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_enabled_at\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_last_step\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_recovery_codes\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_sessions\`;`)
  await db.run(sql`ALTER TABLE \`users\` DROP COLUMN \`second_factor_revision\`;`)
}
