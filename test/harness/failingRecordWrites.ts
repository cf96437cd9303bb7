/**
 * A database trigger that makes some writes of records fail, like a crash or a constraint the code
 * did not foresee, so tests can show what a failed statement leaves behind.
 */
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import type { Payload } from 'payload'
import type { DatabaseKind } from './databases'

/**
 * Makes every `operation` of a record that `condition` (SQL on NEW or OLD, the same on both
 * databases) holds for fail; resolves to the function that removes the trigger again.
 */
export async function failRecordWrites(
  payload: Payload,
  kind: DatabaseKind,
  operation: 'INSERT' | 'UPDATE',
  condition: string,
): Promise<() => Promise<void>> {
  if (kind === 'postgres') {
    const { pool } = payload.db as unknown as PostgresAdapter
    await pool.query(
      `CREATE OR REPLACE FUNCTION atrium_test_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql`,
    )
    await pool.query(
      `CREATE TRIGGER atrium_test_fail BEFORE ${operation} ON records FOR EACH ROW WHEN (${condition}) EXECUTE FUNCTION atrium_test_fail()`,
    )
    return async () => void (await pool.query('DROP TRIGGER atrium_test_fail ON records'))
  }
  if (kind !== 'sqlite') throw new Error(`no trigger for ${kind}`)
  const { client } = payload.db as unknown as SQLiteAdapter
  await client.execute(
    `CREATE TRIGGER atrium_test_fail BEFORE ${operation} ON records WHEN ${condition} BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
  )
  return async () => void (await client.execute('DROP TRIGGER atrium_test_fail'))
}
