import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "tenant_type_createdAt_idx";
  CREATE INDEX "tenant_type_createdAt_idx" ON "records" USING btree ("tenant_id","type_id","created_at","id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "tenant_type_createdAt_idx";
  CREATE INDEX "tenant_type_createdAt_idx" ON "records" USING btree ("tenant_id","type_id","created_at");`)
}
