import { createClient, type Client, type Transaction } from '@libsql/client'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isReadOnly, queueSqliteWrites, type SqliteWriteTarget } from '../../src/db/sqliteWriteLock'

describe('isReadOnly', () => {
  it.each([
    ['select * from users', true],
    [{ sql: '  SELECT 1', args: [] }, true],
    ['explain query plan select 1', true],
    ['insert into t values (1)', false],
    ['update t set x = 1 returning *', false],
    ['with x as (select 1) delete from t', false],
    ['PRAGMA journal_mode = WAL', false],
  ])('%j → %s', (statement, expected) => {
    expect(isReadOnly(statement)).toBe(expected)
  })
})

// An adapter shaped like db-sqlite's (drizzle's beginTransaction asks the client for a "write"
// transaction and keeps it by id) on a real libsql client and file.
describe('SQLite writes around a transaction (libsql, WAL)', () => {
  let dir: string
  let client: Client
  let target: SqliteWriteTarget
  const sessions = new Map<string, Transaction>()
  const sessionOf = (id: number | string | null) => sessions.get(String(id))!
  const ending = (end: 'commit' | 'rollback') => async (id: number | Promise<number | string> | string) => {
    const key = String(await id)
    await sessions.get(key)?.[end]()
    sessions.delete(key)
  }
  // Each call stands for a Payload operation of its own: an async flow that awaits (createLocalReq,
  // the REST handler) before it begins a transaction. What it marks must not reach its caller.
  const inFlow = async <T>(run: () => Promise<T>): Promise<T> => {
    await null
    return run()
  }
  const values = async () => (await client.execute('select x from t order by rowid')).rows.map((row) => row.x)
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'atrium-write-lock-'))
    target = {
      client: undefined,
      busyTimeout: 4321,
      beginTransaction: async () => {
        const id = randomUUID()
        sessions.set(id, await target.client!.transaction('write'))
        return id
      },
      commitTransaction: ending('commit'),
      rollbackTransaction: ending('rollback'),
    }
    // As db-sqlite's adapter holds it: write transactions get a connection of their own from it.
    target.clientConfig = { url: `file:${path.join(dir, 'test.db')}` }
    queueSqliteWrites(target, 2000)
    // As db-sqlite's connect() does: the client is set after the adapter exists.
    target.client = createClient(target.clientConfig)
    client = target.client
    await client.execute('PRAGMA journal_mode = WAL')
    await client.execute('create table t (x text)')
  })

  afterEach(() => {
    client.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('makes a write from another flow wait for the transaction instead of failing with SQLITE_BUSY', async () => {
    const order: string[] = []
    let finish!: () => void
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const opened = await inFlow(() => target.beginTransaction())
    await sessionOf(opened).execute("insert into t values ('in transaction')")
    const outside = inFlow(async () => {
      await client.execute("insert into t values ('outside')")
      order.push('outside written')
    })
    const holder = inFlow(async () => {
      await finished
      order.push('committed')
      await target.commitTransaction(opened!)
    })
    await settle()
    expect(order).toEqual([])
    finish()
    await Promise.all([holder, outside])
    expect(order).toEqual(['committed', 'outside written'])
    expect(await values()).toEqual(['in transaction', 'outside'])
  })

  it('lets reads from another flow through while the transaction is open', async () => {
    await client.execute("insert into t values ('committed')")
    const opened = await inFlow(() => target.beginTransaction())
    await sessionOf(opened).execute("insert into t values ('uncommitted')")
    expect(await inFlow(values)).toEqual(['committed'])
    await target.rollbackTransaction(opened!)
  })

  it("runs the holding flow's writes without its transaction inside it, and nests no transaction", async () => {
    await inFlow(async () => {
      const id = await target.beginTransaction()
      // forgotPassword's reservation, incrementLoginAttempts: payload.db writes without req
      await client.execute("insert into t values ('stray')")
      expect((await sessionOf(id).execute('select count(*) as n from t')).rows[0]?.n).toBe(1)
      // a Local API call without req from inside the operation: Payload's "no transaction"
      expect(await target.beginTransaction()).toBeNull()
      await target.rollbackTransaction(id!)
      expect(await values()).toEqual([])
      // After the end of its transaction the same flow queues like any other.
      await client.execute("insert into t values ('after')")
    })
    expect(await values()).toEqual(['after'])
  })

  it('queues a transaction opened on the client directly (drizzle API) like one of Payload', async () => {
    const order: string[] = []
    const opened = await inFlow(() => target.beginTransaction())
    const direct = inFlow(async () => {
      const tx = await client.transaction('write')
      order.push('direct began')
      await tx.execute("insert into t values ('direct')")
      await tx.commit()
    })
    await settle()
    expect(order).toEqual([])
    await target.commitTransaction(opened!)
    await direct
    await client.execute("insert into t values ('then')")
    expect(await values()).toEqual(['direct', 'then'])
  })

  it("gives the transactions' own connection the busy timeout", async () => {
    const opened = await inFlow(() => target.beginTransaction())
    expect((await sessionOf(opened).execute('PRAGMA busy_timeout')).rows[0]?.timeout).toBe(4321)
    await target.commitTransaction(opened!)
  })

  it('keeps one connection for all its transactions, so a thousand of them open no files', async () => {
    const { readdirSync } = await import('node:fs')
    const files = () => readdirSync('/proc/self/fd').length
    const id = await target.beginTransaction()
    await target.commitTransaction(id!)
    const before = files()
    for (let i = 0; i < 1000; i++) {
      const opened = await target.beginTransaction()
      await sessionOf(opened).execute(`insert into t values ('${i}')`)
      await target.commitTransaction(opened!)
    }
    expect(files()).toBe(before)
    expect((await values()).length).toBe(1000)
  })
})
