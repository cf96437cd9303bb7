/**
 * The records' default order, newest first with the id breaking ties (a batch's records share
 * their creation time), read from one index on PostgreSQL. The collection config declares
 * (tenant, type, createdAt) for every database, since Payload's compound indexes name fields and
 * the id is none. SQLite's indexes end with the rowid, which is the id, so that one already serves
 * the order there; PostgreSQL's do not, and it sorted a large tenant's newest records out of the
 * createdAt index instead (1,000 of them: 7.9 ms, against 0.4 ms from this index alone;
 * bench/records.ts). This hook gives PostgreSQL's index of the same name the id as its last
 * column: an index of the drizzle schema under the name of one Payload built replaces it, so push
 * and migrations carry this one.
 */
import type { PostgresAdapterArgs } from '@payloadcms/db-postgres'
import { index } from '@payloadcms/db-postgres/drizzle/pg-core'
import { Slugs } from '../slugs'

type PostgresSchemaHook = NonNullable<PostgresAdapterArgs['afterSchemaInit']>[number]

/** The name Payload gives the config's (tenant, type, createdAt) index. */
export const NEWEST_FIRST_INDEX = 'tenant_type_createdAt_idx'

/** Replaces {@link NEWEST_FIRST_INDEX} on PostgreSQL with one that ends with the id (afterSchemaInit). */
export const postgresNewestFirstIndex: PostgresSchemaHook = ({ schema, extendTable }) => {
  const table = schema.tables[Slugs.records]
  if (!table) throw new Error(`The drizzle schema has no ${Slugs.records} table to index`)
  extendTable({
    table,
    extraConfig: (columns) => ({
      [NEWEST_FIRST_INDEX]: index(NEWEST_FIRST_INDEX).on(columns.tenant, columns.type, columns.createdAt, columns.id),
    }),
  })
  return schema
}
