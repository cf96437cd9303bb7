import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "records_search_words_idx";
  CREATE INDEX "records_search_words_idx" ON "records" USING gin ("tenant_id",to_tsvector('simple', translate("search_text", '-+@./:_<>&~', '           ')));`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "records_search_words_idx";
  CREATE INDEX "records_search_words_idx" ON "records" USING gin ("tenant_id",to_tsvector('simple', translate("search_text", '-+@./:_', '       ')));`)
}
