import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
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
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`security_settings\`;`)
  await db.run(sql`ALTER TABLE \`users_sessions\` DROP COLUMN \`last_active_at\`;`)
}
