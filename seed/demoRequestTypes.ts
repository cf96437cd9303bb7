/**
 * The request types of the demo installation, one per example workflow, written as staff would
 * save them in the admin UI (the request type hook checks them like any other). They are shared by
 * every client account; the change request's reference fields name the demo record types, so it
 * is seeded after them.
 */
import type { FieldKind } from '../src/records/fieldKinds'
import { changeRequestInput, documentApprovalInput, purchaseApprovalInput } from '../src/workflows/examples'
import { DemoTypes } from './demoRecordTypes'

/** A request type as it is saved. */
export interface DemoRequestTypeInput {
  key: string
  singularLabel: string
  pluralLabel: string
  description?: string
  titleField: string
  workflow: string
  promisedWithin?: string
  fields: {
    key: string
    label: string
    kind: FieldKind
    required?: boolean
    helpText?: string
    choices?: { value: string; label: string }[]
    referenceType?: string
  }[]
}

/** Keys of the demo request types (what a submission's `type` names). */
export const DemoRequestTypes = { purchase: 'purchase', change: 'change', document: 'document' } as const

/** A purchase the client wants approved: amounts over 10,000 need their finance lead first. */
export const PURCHASE_REQUEST_TYPE: DemoRequestTypeInput = {
  key: DemoRequestTypes.purchase,
  singularLabel: 'Purchase request',
  pluralLabel: 'Purchase requests',
  titleField: 'title',
  workflow: purchaseApprovalInput.key,
  promisedWithin: 'P3D',
  fields: [
    { key: 'title', label: 'What', kind: 'text', required: true },
    { key: 'amount', label: 'Amount', kind: 'number', required: true },
    { key: 'supplier', label: 'Supplier', kind: 'text' },
  ],
}

/** The demo request types, in the order they are created. */
export const DEMO_REQUEST_TYPES: DemoRequestTypeInput[] = [
  PURCHASE_REQUEST_TYPE,
  {
    key: DemoRequestTypes.change,
    singularLabel: 'Change request',
    pluralLabel: 'Change requests',
    description: 'Ask us to change an order or a shipment: a new date, another address, a different quantity.',
    titleField: 'title',
    workflow: changeRequestInput.key,
    promisedWithin: 'P1D',
    fields: [
      { key: 'title', label: 'Summary', kind: 'text', required: true },
      {
        key: 'change',
        label: 'What should change',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'reschedule', label: 'The delivery date' },
          { value: 'reroute', label: 'The delivery address' },
          { value: 'quantity', label: 'The quantity' },
          { value: 'cancel', label: 'Cancel it' },
          { value: 'other', label: 'Something else' },
        ],
      },
      // Two optional references, so that one type serves the clients who have shipments and those with orders.
      { key: 'shipment', label: 'Shipment', kind: 'reference', referenceType: DemoTypes.shipments },
      { key: 'order', label: 'Order', kind: 'reference', referenceType: DemoTypes.orders },
      { key: 'details', label: 'Details', kind: 'long_text', required: true },
      { key: 'wanted_by', label: 'Needed by', kind: 'date' },
    ],
  },
  {
    key: DemoRequestTypes.document,
    singularLabel: 'Document for approval',
    pluralLabel: 'Documents for approval',
    description: 'A document we ask you to sign off: a report, a plan, a specification.',
    titleField: 'title',
    workflow: documentApprovalInput.key,
    promisedWithin: 'P3D',
    fields: [
      { key: 'title', label: 'Document', kind: 'text', required: true },
      { key: 'link', label: 'Where to read it', kind: 'link', required: true },
      { key: 'version', label: 'Version', kind: 'text' },
      { key: 'project', label: 'Project', kind: 'reference', referenceType: DemoTypes.projects },
      { key: 'summary', label: 'What changed', kind: 'long_text' },
    ],
  },
]
