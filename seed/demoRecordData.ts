/**
 * The demo accounts' records, generated: the same sequence on every run (a seeded PRNG), with
 * dates placed around the day the seed runs, so a fresh demo always has shipments arriving this
 * week, a few delayed, and invoices just overdue. Pure: nothing here touches the database.
 */
import { CARRIERS, DemoTypes } from './demoRecordTypes'

/** One record to seed, identified within its tenant and type by `externalId`. */
export interface DemoRecord {
  externalId: string
  data: Record<string, unknown>
  /** reference fields: field key → the externalId of a record of the same tenant, seeded before */
  references?: Record<string, string>
  syncedAt?: string
}

/** The records of one type in one demo tenant, written by one source system. */
export interface DemoRecordBatch {
  tenant: string
  type: string
  /** the integration they come from: the sync's upsert key is (tenant, type, source, externalId) */
  source: string
  records: DemoRecord[]
}

const DAY = 24 * 60 * 60 * 1000

/** mulberry32: small, fast and good enough for demo data; the same seed gives the same sequence. */
function prng(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  }
}

const startOfDay = (now: Date) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const isoTime = (ms: number) => new Date(ms).toISOString()

const CITIES = [
  'Rotterdam, NL',
  'Amsterdam, NL',
  'Venlo, NL',
  'Tilburg, NL',
  'Antwerp, BE',
  'Zeebrugge, BE',
  'Hamburg, DE',
  'Duisburg, DE',
  'Bremerhaven, DE',
  'Munich, DE',
  'Le Havre, FR',
  'Lyon, FR',
  'Milan, IT',
  'Barcelona, ES',
  'Warsaw, PL',
  'Poznań, PL',
  'Gdańsk, PL',
  'Prague, CZ',
  'Vienna, AT',
  'Budapest, HU',
]
const CARRIER_KEYS = Object.keys(CARRIERS)
/** Shipments whose feed stopped: last synced days ago, so the portal shows them as stale. */
const STALE_SHIPMENTS = new Set([17, 88])

function shipments(now: Date): DemoRecord[] {
  const random = prng(0x5e1)
  const today = startOfDay(now)
  return Array.from({ length: 150 }, (_, i) => {
    const eta = today + random.int(-21, 14) * DAY + random.int(6, 20) * 60 * 60 * 1000
    const origin = random.pick(CITIES)
    let destination = random.pick(CITIES)
    if (destination === origin) destination = CITIES[(CITIES.indexOf(origin) + 7) % CITIES.length]!
    const roll = random.next()
    const past = eta < now.getTime()
    const status = STALE_SHIPMENTS.has(i)
      ? 'in_transit'
      : past
        ? roll < 0.08
          ? 'delayed'
          : roll < 0.11
            ? 'cancelled'
            : 'delivered'
        : roll < 0.12
          ? 'delayed'
          : eta - now.getTime() < 3 * DAY
            ? 'in_transit'
            : 'booked'
    const minutesAgo = STALE_SHIPMENTS.has(i) ? random.int(3, 5) * 24 * 60 : random.int(1, 15)
    return {
      externalId: `TMS-${240101 + i}`,
      data: {
        reference: `NW-${240101 + i}`,
        status,
        eta: isoTime(eta),
        carrier: random.pick(CARRIER_KEYS),
        origin,
        destination,
        pallets: random.int(1, 33),
      },
      syncedAt: isoTime(now.getTime() - minutesAgo * 60 * 1000),
    }
  })
}

const PROJECTS = [
  { name: 'ERP vendor selection', lead: 'Maya Okafor' },
  { name: 'Supply chain diagnostic', lead: 'Daniel Brooks' },
  { name: 'Post-merger integration', lead: 'Priya Raman' },
  { name: 'Pricing strategy review', lead: 'Tom Whitaker' },
  { name: 'Data platform roadmap', lead: 'Elena Rossi' },
]
const MILESTONES = [
  'Kick-off workshop',
  'Stakeholder interviews',
  'Current-state assessment',
  'Options paper',
  'Steering committee review',
  'Final recommendations',
]

function projects(now: Date): { projects: DemoRecord[]; milestones: DemoRecord[] } {
  const random = prng(0xb1e)
  const today = startOfDay(now)
  const milestones: DemoRecord[] = []
  const projectRecords = PROJECTS.map((project, p) => {
    const start = today - random.int(20, 90) * DAY
    const externalId = `PRJ-${101 + p}`
    MILESTONES.forEach((name, m) => {
      const due = start + (m + 1) * random.int(14, 21) * DAY
      const status =
        due < today ? (random.chance(0.85) ? 'done' : 'at_risk') : random.chance(0.2) ? 'at_risk' : 'on_track'
      milestones.push({
        externalId: `${externalId}-M${m + 1}`,
        data: { name, due: isoDate(due), status },
        references: { project: externalId },
      })
    })
    return {
      externalId,
      data: { name: project.name, lead: project.lead, start: isoDate(start), status: p === 3 ? 'on_hold' : 'active' },
    }
  })
  return { projects: projectRecords, milestones }
}

const PRODUCTS = [
  { name: 'Hydraulic pump HP-200', cents: 184_000 },
  { name: 'Bearing assembly 6204-2RS', cents: 1_250 },
  { name: 'Gearbox housing GX-40', cents: 46_500 },
  { name: 'Steel flange DN100', cents: 3_890 },
  { name: 'Control valve CV-25', cents: 27_400 },
  { name: 'Servo motor SM-750', cents: 61_900 },
  { name: 'Conveyor belt 800 mm', cents: 12_800 },
  { name: 'Pressure sensor PS-10', cents: 8_950 },
]

function ordersAndInvoices(now: Date, tenant: string, prefix: string, orderCount: number, invoiceCount: number) {
  const random = prng(prefix.charCodeAt(0) * 7919 + orderCount)
  const today = startOfDay(now)
  const orders: DemoRecord[] = []
  const invoices: DemoRecord[] = []
  for (let i = 0; i < orderCount; i++) {
    const product = random.pick(PRODUCTS)
    const quantity = product.cents > 50_000 ? random.int(1, 6) : random.int(10, 400)
    const ordered = today - (orderCount - i) * random.int(1, 3) * DAY
    const age = (today - ordered) / DAY
    const status =
      age > 45
        ? 'delivered'
        : age > 20
          ? 'shipped'
          : age > 7
            ? 'in_production'
            : random.chance(0.1)
              ? 'cancelled'
              : 'received'
    const externalId = `SAP-${prefix}-4500${String(1200 + i)}`
    orders.push({
      externalId,
      data: {
        number: `${prefix}-4500${1200 + i}`,
        product: product.name,
        quantity,
        total: { amount: product.cents * quantity, currency: 'EUR' },
        ordered: isoDate(ordered),
        status,
      },
      syncedAt: isoTime(now.getTime() - random.int(5, 55) * 60 * 1000),
    })
    if (invoices.length < invoiceCount && status !== 'cancelled' && status !== 'received') {
      const due = ordered + 30 * DAY + 14 * DAY
      const invoiceStatus = due >= today ? 'open' : random.chance(0.75) ? 'paid' : 'overdue'
      const total = (orders[i]!.data.total as { amount: number }).amount
      invoices.push({
        externalId: `SAP-${prefix}-INV-${90310 + i}`,
        data: {
          number: `${prefix}-INV-${90310 + i}`,
          amount: { amount: Math.round(total * 1.2), currency: 'EUR' },
          due: isoDate(due),
          status: invoiceStatus,
        },
        references: { order: externalId },
        syncedAt: isoTime(now.getTime() - random.int(5, 55) * 60 * 1000),
      })
    }
  }
  return [
    { tenant, type: DemoTypes.orders, source: 'sap', records: orders },
    { tenant, type: DemoTypes.invoices, source: 'sap', records: invoices },
  ]
}

/** Every demo record batch for a seed run at `now`, in the order they must be written. */
export function demoRecordBatches(now: Date): DemoRecordBatch[] {
  const bluebird = projects(now)
  return [
    { tenant: 'northwind', type: DemoTypes.shipments, source: 'tms', records: shipments(now) },
    { tenant: 'bluebird', type: DemoTypes.projects, source: 'manual', records: bluebird.projects },
    { tenant: 'bluebird', type: DemoTypes.milestones, source: 'manual', records: bluebird.milestones },
    ...ordersAndInvoices(now, 'acme-group', 'AG', 50, 36),
    ...ordersAndInvoices(now, 'acme-lyon', 'LY', 30, 24),
  ]
}
