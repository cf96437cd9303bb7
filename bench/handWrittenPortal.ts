/**
 * The portal's first screen written by hand, as the yardstick of bench/portal.ts: express, pg and
 * one precompiled handlebars template, showing the same data to the same signed-in person. The
 * session cookie's JWT is verified with jose (no user read); the person's membership of the
 * tenant, the shipments' counts by status category, the at-risk ones, the newest change, their
 * delegations, the approvals waiting on them and their own requests are read with the tenant
 * filter in plain SQL. What does not change per request is read once at start: the tenants by
 * slug, the shipments type's labels, the template (Atrium's own files, composed into one).
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import express, { type Express } from 'express'
import Handlebars from 'handlebars'
import { jwtVerify } from 'jose'
import type { Payload } from 'payload'
import type pg from 'pg'
import { reasonOptions, stateLabel, stepOf } from '../plugins/portal/blocks/requestSteps'
import { Slugs } from '../collections/slugs'
import { PROJECT_ROOT } from '../src/config/paths'
import type { RecordType, Request as RequestDoc } from '../src/payload-types'
import { TEMPLATE_HELPERS } from '../src/templates/helpers'
import { DemoTypes } from '../seed/demoRecordTypes'

const CATEGORIES = [
  { key: 'at_risk', label: 'At risk' },
  { key: 'open', label: 'Open' },
  { key: 'done', label: 'Done' },
  { key: 'cancelled', label: 'Cancelled' },
]

const SQL = {
  member: `SELECT u.name FROM users u JOIN users_memberships m ON m._parent_id = u.id
    WHERE u.id = $1 AND m.tenant_id = $2 AND u.active IS NOT FALSE LIMIT 1`,
  counts: `SELECT status_category, count(*)::int AS n FROM records WHERE tenant_id = $1 AND type_id = $2 GROUP BY status_category`,
  atRisk: `SELECT title, status, synced_at, updated_at FROM records
    WHERE tenant_id = $1 AND type_id = $2 AND status_category = 'at_risk' ORDER BY updated_at DESC LIMIT 5`,
  latest: `SELECT synced_at, updated_at FROM records WHERE tenant_id = $1 AND type_id = $2 ORDER BY updated_at DESC LIMIT 1`,
  delegations: `SELECT user_id FROM delegations WHERE substitute_id = $1 AND tenant_id = $2 AND "from" <= now() AND "to" > now()`,
  pending: `SELECT r.id, r.title, r.state, r.due_at, r.step_epoch, r.workflow_id, r.approvals,
      ARRAY(SELECT a.users_id FROM requests_rels a WHERE a.parent_id = r.id AND a.path = 'assignees') AS assignees
    FROM requests r WHERE r.tenant_id = $2 AND r.outcome IS NULL AND EXISTS (
      SELECT 1 FROM requests_rels a WHERE a.parent_id = r.id AND a.path = 'assignees' AND a.users_id = ANY($1::int[]))
    ORDER BY r.due_at LIMIT 50`,
  // The header's bell: the person's unread entries here (Atrium's layout shows it on every page).
  unread: `SELECT count(*)::int AS n FROM notifications
    WHERE recipient_id = $1 AND tenant_id = $2 AND in_bell IS TRUE AND read_at IS NULL`,
  mine: `SELECT r.id, r.title, r.state, r.outcome, r.due_at, r.workflow_id,
      ARRAY(SELECT a.users_id FROM requests_rels a WHERE a.parent_id = r.id AND a.path = 'assignees') AS assignees
    FROM requests r WHERE r.requester_id = $1 AND r.tenant_id = $2 ORDER BY r.updated_at DESC LIMIT 20`,
}

/** Atrium's layout with the page heading and the three blocks in place of `{{> content}}`: one template. */
function composedTemplate(): HandlebarsTemplateDelegate {
  const file = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'templates', 'portal', name), 'utf8')
  const content = [
    `{{#with page}}${file('page.hbs')}{{/with}}`,
    `{{#with summary}}${file('blocks/status-summary.hbs')}{{/with}}`,
    `{{#with approvals}}${file('blocks/pending-approvals.hbs')}{{/with}}`,
    `{{#with mine}}${file('blocks/my-requests.hbs')}{{/with}}`,
  ].join('\n')
  const env = Handlebars.create()
  env.registerHelper(TEMPLATE_HELPERS)
  const spec = env.precompile(file('layout.hbs').replace('{{> content}}', content))
  return env.template(new Function(`return ${spec}`)() as Parameters<typeof env.template>[0])
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : '')

/** The hand-written app: GET /t/<slug>/ only. */
export async function handWrittenPortal(payload: Payload, pool: pg.Pool): Promise<Express> {
  const template = composedTemplate()
  const secret = new TextEncoder().encode(payload.secret)
  const cookie = new RegExp(`(?:^|;\\s*)${payload.config.cookiePrefix}-token=([^;]+)`)
  const tenants = new Map(
    (
      await pool.query<{ id: number; name: string; slug: string; locale: string }>(
        `SELECT id, name, slug, locale FROM tenants WHERE status = 'active'`,
      )
    ).rows.map((row) => [row.slug, row]),
  )
  const { docs } = await payload.find({
    collection: Slugs.recordTypes,
    where: { key: { equals: DemoTypes.shipments } },
  })
  const type = docs[0] as RecordType
  const statuses = type.fields.find((field) => field.key === type.statusField)?.statuses ?? []
  const labelOf = (value: string) => statuses.find((status) => status.value === value)?.label ?? value
  const staleAfterMs = (type.staleAfterMinutes ?? 0) * 60_000
  const isStale = (seen: string) => staleAfterMs > 0 && Date.now() - Date.parse(seen) > staleAfterMs

  const app = express()
  app.get('/t/:slug/', async (req, res) => {
    const tenant = tenants.get(req.params.slug)
    if (!tenant) return void res.status(404).send('Not found')
    const base = `/t/${tenant.slug}`
    const token = cookie.exec(req.headers.cookie ?? '')?.[1]
    const claims = token ? await jwtVerify(token, secret).catch(() => undefined) : undefined
    const userId = Number(claims?.payload.id)
    if (!claims || claims.payload.collection !== Slugs.users) return void res.redirect(303, `${base}/sign-in`)
    const me = String(userId)
    const q = <T extends pg.QueryResultRow>(text: string, values: unknown[]) => pool.query<T>(text, values)
    const [member, counts, atRisk, latest, pending, mine, unread] = await Promise.all([
      q<{ name: string }>(SQL.member, [userId, tenant.id]),
      q<{ status_category: string; n: number }>(SQL.counts, [tenant.id, type.id]),
      q<{ title: string; status: string; synced_at: Date | null; updated_at: Date }>(SQL.atRisk, [tenant.id, type.id]),
      q<{ synced_at: Date | null; updated_at: Date }>(SQL.latest, [tenant.id, type.id]),
      q<{ user_id: number }>(SQL.delegations, [userId, tenant.id]).then(({ rows }) =>
        q<PendingRow>(SQL.pending, [[userId, ...rows.map((row) => row.user_id)], tenant.id]),
      ),
      q<MineRow>(SQL.mine, [userId, tenant.id]),
      q<{ n: number }>(SQL.unread, [userId, tenant.id]),
    ])
    if (!member.rows[0]) return void res.redirect(303, `${base}/sign-in`)
    const seen = (row: { synced_at: Date | null; updated_at: Date }) => iso(row.synced_at ?? row.updated_at)
    const newest = latest.rows[0] ? seen(latest.rows[0]) : ''
    const csrf = createHmac('sha256', payload.secret).update(`session:${token}`).digest('base64url')
    const approvals = await Promise.all(
      pending.rows
        .filter((row) => !((row.approvals ?? []) as { by: string }[]).some((approval) => approval.by === me))
        .map(async (row) => {
          const step = await stepOf(payload, { workflow: row.workflow_id, state: row.state } as RequestDoc)
          return {
            id: String(row.id),
            title: row.title,
            state: stateLabel(row.state),
            dueAt: iso(row.due_at),
            onBehalfOf: !row.assignees.includes(userId),
            action: `${base}/requests/${row.id}/act`,
            step: String(row.step_epoch),
            canRequestChanges: step.canRequestChanges,
            changeReasons: reasonOptions(step.changeReasons),
            canReject: step.canReject,
            rejectReasons: reasonOptions(step.rejectReasons),
          }
        }),
    )
    const own = await Promise.all(
      mine.rows.map(async (row) => {
        const step = await stepOf(payload, { workflow: row.workflow_id, state: row.state } as RequestDoc)
        const open = !row.outcome
        const onMe = open && (step.kind === 'form' || row.assignees.includes(userId))
        return {
          id: String(row.id),
          title: row.title,
          state: stateLabel(row.outcome ?? row.state),
          open,
          dueAt: open ? iso(row.due_at) : '',
          waiting: open ? (onMe ? 'Waiting on you' : 'Waiting on us') : '',
        }
      }),
    )
    const html = template({
      lang: tenant.locale,
      title: 'Home',
      siteName: tenant.name,
      links: {
        home: `${base}/`,
        brandCss: `${base}/brand.css`,
        signOut: `${base}/sign-out`,
        notifications: `${base}/notifications`,
      },
      user: { name: member.rows[0].name },
      bell: bellOf(unread.rows[0]?.n ?? 0),
      csrf,
      flash: null,
      page: { heading: 'Home' },
      summary: {
        heading: type.pluralLabel,
        known: true,
        categories: CATEGORIES.map((c) => ({
          ...c,
          count: counts.rows.find((row) => row.status_category === c.key)?.n ?? 0,
        })),
        atRisk: atRisk.rows.map((row) => ({
          title: row.title,
          status: labelOf(row.status),
          updatedAt: seen(row),
          stale: isStale(seen(row)),
        })),
        updatedAt: newest,
        stale: newest ? isStale(newest) : false,
      },
      approvals: { heading: 'Waiting for your approval', items: approvals, csrf, back: `${base}/` },
      mine: { heading: 'Your requests', items: own },
    })
    res.type('html').set('Cache-Control', 'private, no-store').send(html)
  })
  return app
}

/** The header's bell as Atrium's layout shows it. */
const bellOf = (unread: number) => ({
  count: unread > 99 ? '99+' : unread > 0 ? String(unread) : '',
  label: unread > 0 ? `Notifications, ${unread} unread` : 'Notifications, none unread',
})

interface PendingRow {
  id: number
  title: string
  state: string
  due_at: Date | null
  step_epoch: string
  workflow_id: number
  approvals: unknown[] | null
  assignees: number[]
}

interface MineRow {
  id: number
  title: string
  state: string
  outcome: string | null
  due_at: Date | null
  workflow_id: number
  assignees: number[]
}
