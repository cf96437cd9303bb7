import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  // '\\&' is the SQL text \& (the whole match): drizzle-kit wrote it unescaped, which JavaScript reads as &.
  await db.execute(sql`
   CREATE INDEX "records_search_numbers_idx" ON "records" USING gin ("tenant_id",array_to_tsvector(array_remove(regexp_split_to_array(regexp_replace("search_text", '[0-9]{100}', '\\& ', 'g'), '[^0-9]+'), '')));`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "records_search_numbers_idx";`)
}
