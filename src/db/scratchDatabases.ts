/**
 * Throw-away databases, for tests and for generating migrations: an SQLite file in a temp folder,
 * or a PostgreSQL database created on a server where the connecting role may CREATE DATABASE;
 * dropped with everything in them.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { processIsAlive } from '../server/processIsAlive'

/** Prefix of every throw-away database, so leftovers of a killed run can be found and dropped. */
export const SCRATCH_DATABASE_PREFIX = 'atrium_scratch_'

/** A database that exists until `drop` is called. */
export interface ScratchDatabase {
  name: string
  url: string
  drop: () => Promise<void>
}

async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates a database next to the one `adminUrl` points at: empty, or a copy of the database
 * `template` (which nobody may be connected to).
 */
export async function createScratchDatabase(adminUrl: string, template?: string): Promise<ScratchDatabase> {
  const name = `${SCRATCH_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`
  const copy = template === undefined ? '' : ` TEMPLATE "${template.replace(/"/g, '""')}"`
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"${copy}`))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { name, url: url.toString(), drop: () => dropScratchDatabase(adminUrl, name) }
}

/** Drops the scratch database `name` on the server `adminUrl` points at, if it is there. */
export async function dropScratchDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

/** Drops scratch databases whose creating process is gone (a run that was killed); returns how many. */
export async function dropLeftoverScratchDatabases(adminUrl: string): Promise<number> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${SCRATCH_DATABASE_PREFIX}%`,
    ])
    const orphans = rows
      .map((row) => row.datname)
      .filter((name) => !processIsAlive(Number(name.slice(SCRATCH_DATABASE_PREFIX.length).split('_')[0])))
    for (const name of orphans) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    return orphans.length
  })
}

/** A throw-away SQL database and its own temp folder (a DATA_DIR), both removed by `drop`. */
export interface ScratchSqlDatabase {
  /** The DATABASE_URL that selects it. */
  url: string
  dataDir: string
  drop: () => Promise<void>
}

/**
 * Creates an empty SQLite or PostgreSQL database; Postgres ones on the server `postgresAdminUrl`
 * names, as a copy of the database `template` when one is named.
 */
export async function createScratchSqlDatabase(
  kind: 'sqlite' | 'postgres',
  postgresAdminUrl: string,
  template?: string,
): Promise<ScratchSqlDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `atrium-scratch-${kind}-`))
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true })
  if (kind === 'sqlite') return { url: `file:${path.join(dataDir, 'atrium.db')}`, dataDir, drop: removeDir }
  const scratch = await createScratchDatabase(postgresAdminUrl, template).catch(async (err: unknown) => {
    await removeDir()
    throw new Error(
      `PostgreSQL at TEST_POSTGRES_URL (${postgresAdminUrl}) is unreachable: ${(err as Error).message}. ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    )
  })
  return {
    url: scratch.url,
    dataDir,
    drop: async () => {
      await scratch.drop()
      await removeDir()
    },
  }
}
