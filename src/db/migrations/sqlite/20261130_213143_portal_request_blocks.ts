import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`pages_blocks_request_form\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`_path\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`heading\` text,
  	\`request_type\` text NOT NULL,
  	\`block_name\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_request_form_order_idx\` ON \`pages_blocks_request_form\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_request_form_parent_id_idx\` ON \`pages_blocks_request_form\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_request_form_path_idx\` ON \`pages_blocks_request_form\` (\`_path\`);`)
  await db.run(sql`CREATE TABLE \`pages_blocks_tasks\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`_path\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`heading\` text,
  	\`show\` text DEFAULT 'mine' NOT NULL,
  	\`block_name\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`pages\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`pages_blocks_tasks_order_idx\` ON \`pages_blocks_tasks\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_tasks_parent_id_idx\` ON \`pages_blocks_tasks\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`pages_blocks_tasks_path_idx\` ON \`pages_blocks_tasks\` (\`_path\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`pages_blocks_request_form\`;`)
  await db.run(sql`DROP TABLE \`pages_blocks_tasks\`;`)
}
