import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'
import { SQLITE_SEARCH_INDEX } from '../../../records/searchIndex'

// Written by hand: drizzle does not know FTS5 tables, so `migrate:create` cannot write this one.
// The SQL lives in src/records/searchIndex.ts, which a schema push runs as well.

export async function up({ db }: MigrateUpArgs): Promise<void> {
  for (const statement of SQLITE_SEARCH_INDEX.create) await db.run(sql.raw(statement))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  for (const statement of SQLITE_SEARCH_INDEX.drop) await db.run(sql.raw(statement))
}
