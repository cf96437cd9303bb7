/**
 * The records query endpoint written by hand, as the yardstick of bench/records.ts for issue 11's
 * "within 2× of the same query hand-written": express and pg, the JWT of the Authorization header
 * verified with jose (no user read), the person's tenants read from their memberships, then the
 * page and its count (up to COUNT_LIMIT + 1 matches) in plain SQL, in parallel, answered as JSON.
 * It understands only what the bench asks: `filter[status][in]`, `sort=eta`, `q` (one term) and
 * `limit`.
 */
import express, { type Express } from 'express'
import { jwtVerify } from 'jose'
import type { Payload } from 'payload'
import type pg from 'pg'
import { COUNT_LIMIT } from '../collections/Records/recordPage'

/** The columns the endpoint answers with (the slot columns and search text left out). */
export const COLUMNS_ANSWERED =
  'id, type_id, title, status, status_category, data, source, external_id, synced_at, tenant_id, updated_at, created_at'

/** The hand-written app: GET /records?type=<id>&… only. */
export function handWrittenRecords(payload: Payload, pool: pg.Pool, typeId: number): Express {
  const secret = new TextEncoder().encode(payload.secret)
  const app = express()
  app.get('/records', async (req, res) => {
    const token = /^JWT (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const claims = token ? await jwtVerify(token, secret).catch(() => undefined) : undefined
    if (!claims) {
      res.status(401).json({ error: 'unauthorized' })
      return
    }
    const { rows: memberships } = await pool.query<{ tenant_id: number }>(
      `SELECT m.tenant_id FROM users u JOIN users_memberships m ON m._parent_id = u.id WHERE u.id = $1 AND u.active IS NOT FALSE`,
      [claims.payload.id],
    )
    // One tenant (the bench's viewers have one) compares with =, which PostgreSQL plans far
    // better than = ANY of a list (bench/records.ts, index experiment).
    const tenants = memberships.map((m) => m.tenant_id)
    const values: unknown[] = [tenants.length === 1 ? tenants[0] : tenants, typeId]
    const conditions = [tenants.length === 1 ? 'tenant_id = $1' : 'tenant_id = ANY($1)', 'type_id = $2']
    // express 5 parses the query string flat: the key is `filter[status][in]` as written.
    const statuses = req.query['filter[status][in]']
    if (typeof statuses === 'string') conditions.push(`status = ANY($${values.push(statuses.split(','))})`)
    if (typeof req.query.q === 'string') conditions.push(`search_text ILIKE $${values.push(`%${req.query.q}%`)}`)
    const orderBy = req.query.sort === 'eta' ? 'd1, id' : 'created_at DESC, id DESC'
    const limit = Math.min(100, Number(req.query.limit ?? 10))
    const where = conditions.join(' AND ')
    const [page, counted] = await Promise.all([
      pool.query(`SELECT ${COLUMNS_ANSWERED} FROM records WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}`, values),
      pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM records WHERE ${where} LIMIT ${COUNT_LIMIT + 1}) AS matches`,
        values,
      ),
    ])
    const matches = Number(counted.rows[0]!.n)
    res.json({
      docs: page.rows,
      totalDocs: Math.min(matches, COUNT_LIMIT),
      totalDocsExact: matches <= COUNT_LIMIT,
      hasNextPage: matches > limit,
    })
  })
  return app
}
