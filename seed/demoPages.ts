/**
 * The demo accounts' portal pages: a first screen per account that answers its people's question
 * (Northwind: where are my shipments; Bluebird: are my projects on track and what must I sign off;
 * Acme: what do I owe and what needs my approval), and a page per list. Blocks whose audience
 * names roles show only to those roles (the request form to those who may submit). Never seeded
 * in production.
 *
 * Idempotent: a page is found by its tenant and slug; one staff have edited since stays as it is.
 */
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import { DemoTypes } from './demoRecordTypes'
import { DemoRequestTypes } from './demoRequestTypes'
import { BuiltInRoles, type BuiltInRoleKey } from './roles'

type Block = Record<string, unknown> & { blockType: string }

interface PageSeed {
  tenant: string
  slug: string
  title: string
  layout: (audience: (...keys: BuiltInRoleKey[]) => number[]) => Block[]
}

/** Rich text (Lexical's JSON) of plain paragraphs. */
function paragraphs(...texts: string[]) {
  const children = texts.map((text) => ({
    type: 'paragraph',
    version: 1,
    format: '',
    indent: 0,
    direction: null,
    textFormat: 0,
    children: [{ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' }],
  }))
  return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } }
}

/** Who may submit requests: the client roles whose rules allow it (seed/roles.ts). */
const SUBMITTERS: BuiltInRoleKey[] = [
  BuiltInRoles.clientAdmin,
  BuiltInRoles.clientMember,
  BuiltInRoles.clientFinanceLead,
  BuiltInRoles.clientCfo,
]

const PAGES: PageSeed[] = [
  {
    tenant: 'northwind',
    slug: 'home',
    title: 'Your shipments',
    layout: (audience) => [
      { blockType: 'statusSummary', heading: 'Where your shipments are', recordType: DemoTypes.shipments },
      { blockType: 'pendingApprovals' },
      {
        blockType: 'kpiTiles',
        heading: 'This week',
        tiles: [
          { label: 'On their way', recordType: DemoTypes.shipments, statusCategory: 'open', page: 'shipments' },
          { label: 'Delayed', recordType: DemoTypes.shipments, statusCategory: 'at_risk', page: 'shipments' },
          { label: 'Delivered', recordType: DemoTypes.shipments, statusCategory: 'done', page: 'shipments' },
        ],
      },
      { blockType: 'myRequests' },
      {
        blockType: 'requestForm',
        heading: 'Ask us to change a shipment',
        requestType: DemoRequestTypes.change,
        audience: audience(...SUBMITTERS),
      },
    ],
  },
  {
    tenant: 'northwind',
    slug: 'shipments',
    title: 'Shipments',
    layout: () => [
      {
        blockType: 'recordList',
        heading: 'Delayed',
        recordType: DemoTypes.shipments,
        filter: { status: { in: ['delayed'] } },
        sort: 'eta',
      },
      { blockType: 'recordList', heading: 'All shipments', recordType: DemoTypes.shipments, sort: '-eta' },
    ],
  },
  {
    tenant: 'northwind',
    slug: 'purchases',
    title: 'Purchases',
    layout: (audience) => [
      {
        blockType: 'requestForm',
        heading: 'Request a purchase',
        requestType: DemoRequestTypes.purchase,
        audience: audience(...SUBMITTERS),
      },
      { blockType: 'myRequests' },
      { blockType: 'tasks' },
    ],
  },
  {
    tenant: 'bluebird',
    slug: 'home',
    title: 'Your projects',
    layout: () => [
      { blockType: 'statusSummary', heading: 'Are your projects on track', recordType: DemoTypes.projects },
      { blockType: 'pendingApprovals', heading: 'Deliverables waiting for your sign-off' },
      {
        blockType: 'kpiTiles',
        heading: 'Milestones',
        tiles: [
          { label: 'Open', recordType: DemoTypes.milestones, statusCategory: 'open' },
          { label: 'At risk', recordType: DemoTypes.milestones, statusCategory: 'at_risk' },
          { label: 'Done', recordType: DemoTypes.milestones, statusCategory: 'done' },
        ],
      },
      { blockType: 'recordList', heading: 'Milestones', recordType: DemoTypes.milestones, sort: 'due', pageSize: 10 },
      { blockType: 'myRequests' },
    ],
  },
  {
    tenant: 'acme-group',
    slug: 'home',
    title: 'Orders and invoices',
    layout: (audience) => [
      {
        blockType: 'invoices',
        heading: 'What you owe',
        recordType: DemoTypes.invoices,
        amountField: 'amount',
        dueField: 'due',
        pageSize: 5,
      },
      {
        blockType: 'kpiTiles',
        tiles: [
          { label: 'Orders in progress', recordType: DemoTypes.orders, statusCategory: 'open', page: 'orders' },
          { label: 'Orders at risk', recordType: DemoTypes.orders, statusCategory: 'at_risk', page: 'orders' },
        ],
      },
      { blockType: 'pendingApprovals' },
      { blockType: 'statusSummary', heading: 'Your orders', recordType: DemoTypes.orders },
      { blockType: 'myRequests' },
      {
        blockType: 'requestForm',
        heading: 'Request a purchase',
        requestType: DemoRequestTypes.purchase,
        audience: audience(...SUBMITTERS),
      },
      {
        blockType: 'richText',
        content: paragraphs(
          'Questions about an invoice? Your account manager answers within one working day.',
          'Purchases over 10,000 go to your finance lead first.',
        ),
      },
    ],
  },
  {
    tenant: 'acme-group',
    slug: 'orders',
    title: 'Orders',
    layout: () => [{ blockType: 'recordList', heading: 'All orders', recordType: DemoTypes.orders, sort: '-ordered' }],
  },
]

/** Creates the demo pages that do not exist yet; returns how many. */
export async function seedDemoPages(payload: Payload, roles: Record<BuiltInRoleKey, number>): Promise<number> {
  const audience = (...keys: BuiltInRoleKey[]) => keys.map((key) => roles[key])
  let created = 0
  for (const seed of PAGES) {
    const { docs: tenants } = await payload.find({
      collection: Slugs.tenants,
      where: { slug: { equals: seed.tenant } },
      limit: 1,
      depth: 0,
    })
    const tenant = tenants[0]
    if (!tenant) continue
    const { totalDocs } = await payload.count({
      collection: Slugs.pages,
      where: { and: [{ tenant: { equals: tenant.id } }, { slug: { equals: seed.slug } }] },
    })
    if (totalDocs > 0) continue
    await payload.create({
      collection: Slugs.pages,
      data: {
        title: seed.title,
        slug: seed.slug,
        tenant: tenant.id,
        status: 'published',
        layout: seed.layout(audience) as never,
      },
      depth: 0,
    })
    created++
  }
  return created
}
