/**
 * The demo requests: what each asks, who submits it, and what the people it reaches then do, so
 * that a fresh demo has requests in every interesting state with the history to show how they got
 * there. Pure data; demoRequests.ts plays it through the workflow service as those people.
 */
import { DemoTypes } from './demoRecordTypes'
import { DemoRequestTypes } from './demoRequestTypes'

/** Who acts in the demo requests (emails of seeded people). */
export const DemoPeople = {
  northwindMember: 'member@northwind.example',
  northwindApprover: 'approver@northwind.example',
  financeLead: 'finance-lead@northwind.example',
  bluebirdAdmin: 'admin@bluebird.example',
  bluebirdApprover: 'approver@bluebird.example',
  accountManager: 'manager@atrium.local',
} as const

/** What a person does to a request (an event of the service's act, as the REST API takes it). */
export interface DemoStep {
  as: string
  event: { type: 'approve' | 'reject' | 'requestChanges' | 'comment'; reason?: string; comment?: string }
}

/** A record of the request's tenant that a reference field of its data names, chosen when it is seeded. */
export interface DemoReference {
  field: string
  recordType: string
  /** the record with this external id; or else the first (by external id) with `status` */
  externalId?: string
  status?: string
}

/** One demo request; its title is unique within its tenant, and is how the seed finds it again. */
export interface DemoRequest {
  tenant: string
  type: string
  requester: string
  data: Record<string, unknown> & { title: string }
  about?: DemoReference
  comment?: string
  steps: DemoStep[]
  /** the state it is left in (the tests check the seed keeps its word) */
  state: string
}

const P = DemoPeople
const purchase = (title: string, amount: number, supplier: string) => ({
  tenant: 'northwind',
  type: DemoRequestTypes.purchase,
  requester: P.northwindMember,
  data: { title, amount, supplier },
})

/** Every demo request, in the order it is submitted (the delegation they rely on exists first). */
export const DEMO_REQUESTS: DemoRequest[] = [
  {
    ...purchase('Replacement batteries for two reach trucks', 18_500, 'Linde Material Handling'),
    comment: 'Both trucks no longer last a shift.',
    steps: [],
    state: 'financeLead',
  },
  {
    // Above the first finance lead's limit: only the controller, who may approve any amount, is asked.
    ...purchase('Mezzanine racking for hall B', 64_000, 'SSI Schäfer'),
    steps: [],
    state: 'financeLead',
  },
  { ...purchase('Stretch film, 40 rolls', 2_400, 'Mondi'), steps: [], state: 'accountManager' },
  {
    // The approver stands in for the finance lead, who is away (the demo delegation covers 15,000).
    ...purchase('Dock leveller service contract', 12_000, 'Hörmann'),
    steps: [
      { as: P.northwindApprover, event: { type: 'approve', comment: 'Covering for the finance lead this month.' } },
      { as: P.accountManager, event: { type: 'approve', comment: 'Booked with Hörmann for next week.' } },
    ],
    state: 'approved',
  },
  {
    ...purchase('Second label printer for the dispatch desk', 14_200, 'Zebra Technologies'),
    steps: [
      {
        as: P.financeLead,
        event: { type: 'reject', reason: 'not-needed', comment: 'The spare printer from Venlo can move here.' },
      },
    ],
    state: 'rejected',
  },
  {
    ...purchase('Temperature loggers for the cold store', 9_300, 'Testo'),
    steps: [
      {
        as: P.accountManager,
        event: {
          type: 'requestChanges',
          reason: 'missing-quote',
          comment: "Please attach Testo's quote: their price list changed in May.",
        },
      },
    ],
    state: 'changesRequested',
  },
  {
    tenant: 'northwind',
    type: DemoRequestTypes.change,
    requester: P.northwindMember,
    data: {
      title: 'Deliver to the side gate',
      change: 'reroute',
      details: 'The main gate is closed for resurfacing; please send the truck to the side gate on Havenweg.',
    },
    about: { field: 'shipment', recordType: DemoTypes.shipments, status: 'booked' },
    steps: [],
    state: 'review',
  },
  {
    tenant: 'northwind',
    type: DemoRequestTypes.change,
    requester: P.northwindMember,
    data: {
      title: 'Move a delivery to the next working day',
      change: 'reschedule',
      details: 'Our dock is closed for maintenance on the planned day.',
    },
    about: { field: 'shipment', recordType: DemoTypes.shipments, status: 'in_transit' },
    steps: [{ as: P.accountManager, event: { type: 'approve', comment: 'The carrier can do it; I will rebook.' } }],
    state: 'approved',
  },
  {
    // Signed off by one of the two people the quorum needs: the other is still to come.
    tenant: 'bluebird',
    type: DemoRequestTypes.document,
    requester: P.accountManager,
    data: {
      title: 'Supply chain diagnostic: interim report',
      link: 'https://files.atrium.example/bluebird/supply-chain-diagnostic-interim-v2.pdf',
      version: '2',
      summary: 'Adds the inventory analysis and the interview findings from the Warsaw site.',
    },
    about: { field: 'project', recordType: DemoTypes.projects, externalId: 'PRJ-102' },
    steps: [{ as: P.bluebirdAdmin, event: { type: 'approve', comment: 'Good work; fine from my side.' } }],
    state: 'review',
  },
  {
    tenant: 'bluebird',
    type: DemoRequestTypes.document,
    requester: P.accountManager,
    data: {
      title: 'ERP vendor selection: long list',
      link: 'https://files.atrium.example/bluebird/erp-long-list-v1.pdf',
      version: '1',
    },
    about: { field: 'project', recordType: DemoTypes.projects, externalId: 'PRJ-101' },
    steps: [
      {
        as: P.bluebirdApprover,
        event: {
          type: 'requestChanges',
          reason: 'missing-section',
          comment: 'The licensing cost comparison is missing.',
        },
      },
    ],
    state: 'revise',
  },
]

/** The demo delegation: Northwind's finance lead is away, and the approver covers purchases up to 15,000. */
export const DEMO_DELEGATION = {
  user: P.financeLead,
  substitute: P.northwindApprover,
  amountLimit: 15_000,
  note: 'Away for the year-end close; the approver covers purchases up to 15,000.',
  /** it runs from a day before the seed to 30 days after */
  daysBefore: 1,
  daysAfter: 30,
} as const
