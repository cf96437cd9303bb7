/**
 * What the one access path costs per request, on PostgreSQL:
 * - building a user's ability, cold (roles and tenants snapshot reloaded) and cached;
 * - turning it into the access Where;
 * - CPU per request of a 50-row tenant list through REST (JWT verified per request), through the
 *   Local API with overrideAccess: false, and through `payload.db.find` with the access Where.
 *
 *   node --conditions=production --import tsx bench/access.ts [requests=400]
 */
import { performance } from 'node:perf_hooks'
import type { CollectionSlug, Payload, Plugin } from 'payload'
import request from 'supertest'
import { Slugs } from '../collections/slugs'
import { abilityFor, invalidateAccess, type AccessUser } from '../src/access/ability'
import { accessWhere } from '../src/access/accessWhere'
import { tenantOwned } from '../src/access/tenantOwned'
import { preparePayloadProcess } from '../src/config/settings'
import { createApp } from '../src/http/createApp'
import { BuiltInRoles, seedRoles } from '../seed/roles'
import { openScratchPayload } from './scratchPayload'

const REQUESTS = Number(process.argv[2] ?? 400)
const ITEMS = 'bench-items' as CollectionSlug

/** A plain tenant-owned collection, like the record lists the portal will show. */
const benchItems: Plugin = (config) => ({
  ...config,
  collections: [
    ...(config.collections ?? []),
    tenantOwned({
      slug: ITEMS,
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'status', type: 'select', options: ['open', 'at-risk', 'done'], required: true },
        { name: 'amount', type: 'number' },
        { name: 'due', type: 'date' },
      ],
    }),
  ],
})

const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

async function measure(label: string, runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, runs); i++) await fn()
  const times: number[] = []
  const cpuStart = cpuMs()
  const wallStart = performance.now()
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  const cpu = (cpuMs() - cpuStart) / runs
  const wall = (performance.now() - wallStart) / runs
  times.sort((a, b) => a - b)
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3)
  console.log(
    `${label.padEnd(58)} cpu ${cpu.toFixed(3)} ms/op  wall ${wall.toFixed(3)} ms/op  p50 ${p(0.5)}  p95 ${p(0.95)}`,
  )
  return cpu
}

async function seedData(payload: Payload) {
  const roles = await seedRoles(payload)
  const tenants: number[] = []
  for (let i = 0; i < 20; i++) {
    const tenant = await payload.create({
      collection: Slugs.tenants,
      data: {
        status: 'active',
        name: `Tenant ${i}`,
        slug: `tenant-${i}`,
        locale: 'en',
        timezone: 'UTC',
        parent: i > 0 && i % 5 === 0 ? tenants[0] : undefined,
      },
    })
    tenants.push(tenant.id)
    for (let n = 0; n < 200; n++) {
      await payload.create({
        collection: ITEMS,
        data: {
          title: `Item ${i}-${n}`,
          status: ['open', 'at-risk', 'done'][n % 3],
          amount: n * 10,
          due: new Date(Date.now() + n * 864e5).toISOString(),
          tenant: tenant.id,
        },
      } as never)
    }
  }
  const memberRole = await payload.create({
    collection: Slugs.roles,
    data: {
      name: 'Bench reader',
      audience: 'client',
      permissions: [
        {
          action: 'read',
          subject: ITEMS as never,
          conditions: [{ field: 'tenant', operator: 'in', value: '${user.tenantAndDescendants}' }],
        },
        { action: 'read', subject: Slugs.roles, conditions: [{ field: 'audience', operator: 'eq', value: 'client' }] },
      ],
    },
  })
  const user = await payload.create({
    collection: Slugs.users,
    data: {
      email: 'bench@tenant-3.example',
      password: 'correct-horse-battery',
      name: 'Bench',
      kind: 'client',
      memberships: [{ tenant: tenants[3]!, roles: [memberRole.id, roles[BuiltInRoles.clientViewer]] }],
    },
  })
  return { user }
}

preparePayloadProcess()
const { payload, settings, close } = await openScratchPayload('postgres', { logLevel: 'silent', plugins: [benchItems] })
try {
  const { user } = await seedData(payload)
  const accessUser = (await payload.findByID({
    collection: Slugs.users,
    id: user.id,
    depth: 0,
  })) as unknown as AccessUser
  console.log(`PostgreSQL, 20 tenants × 200 items, ${REQUESTS} requests per line (after 50 warm-up)\n`)

  await measure('ability, cold (roles + tenants snapshot reloaded)', 200, async () => {
    invalidateAccess(payload)
    await abilityFor(payload, accessUser)
  })
  await measure('ability, cached', 5000, () => abilityFor(payload, accessUser))
  const ability = await abilityFor(payload, accessUser)
  await measure('access Where from the ability', 5000, async () => accessWhere(ability, 'read', ITEMS))

  const app = await createApp({ payload, settings })
  const login = await request(app)
    .post('/api/users/login')
    .send({ email: user.email, password: 'correct-horse-battery' })
  const token = (login.body as { token: string }).token
  const rest = await measure('50-row list: REST (JWT, access, field access)', REQUESTS, async () => {
    const res = await request(app).get(`/api/${ITEMS}?limit=50&depth=0&sort=-due`).set('Authorization', `JWT ${token}`)
    if ((res.body as { docs: unknown[] }).docs.length !== 50) throw new Error('expected 50 rows')
  })
  const local = await measure('50-row list: Local API, overrideAccess false', REQUESTS, async () => {
    const found = await payload.find({
      collection: ITEMS,
      limit: 50,
      depth: 0,
      sort: '-due',
      overrideAccess: false,
      user,
    })
    if (found.docs.length !== 50) throw new Error('expected 50 rows')
  })
  const db = await measure('50-row list: payload.db.find with the access Where', REQUESTS, async () => {
    const where = accessWhere(await abilityFor(payload, accessUser), 'read', ITEMS)
    if (where === false) throw new Error('no access')
    const found = await payload.db.find({
      collection: ITEMS,
      where: where === true ? {} : where,
      limit: 50,
      sort: '-due',
      pagination: false,
    })
    if (found.docs.length !== 50) throw new Error('expected 50 rows')
  })
  console.log(
    `\nCPU relative to payload.db.find: REST ${(rest / db).toFixed(2)}×, Local API ${(local / db).toFixed(2)}×`,
  )
  console.log('(supertest runs in this process: the REST line includes the HTTP client and server on one core)')
} finally {
  await close()
}
