/**
 * The record types of the demo accounts: shipments for the logistics customer, projects and
 * milestones for the consulting client, orders and invoices for the manufacturing group. Written
 * as staff would save them in the admin UI, so the type hooks check them like any other.
 */
import type { FieldDefinition, RecordTypeDefinition, StatusOption } from '../src/records/typeDefinition'

/** Keys of the demo record types (what /api/records/query?type= names). */
export const DemoTypes = {
  shipments: 'shipments',
  projects: 'projects',
  milestones: 'milestones',
  orders: 'orders',
  invoices: 'invoices',
} as const

/** A demo type as it is saved: flags left out are false. */
export type DemoTypeInput = Omit<RecordTypeDefinition, 'fields'> & {
  fields: (Partial<FieldDefinition> & Pick<FieldDefinition, 'key' | 'label' | 'kind'>)[]
}

const status = (value: string, label: string, colour: string, category: StatusOption['category']): StatusOption => ({
  value,
  label,
  colour,
  category,
})

/** Carriers a shipment may go with: value → label. */
export const CARRIERS = {
  dhl: 'DHL Freight',
  dsv: 'DSV Road',
  kuehne: 'Kuehne+Nagel',
  dbschenker: 'DB Schenker',
  geodis: 'GEODIS',
  maersk: 'Maersk',
} as const

/** The demo types, in the order they must be created (a reference names an existing type). */
export const DEMO_RECORD_TYPES: DemoTypeInput[] = [
  {
    key: DemoTypes.shipments,
    singularLabel: 'Shipment',
    pluralLabel: 'Shipments',
    titleField: 'reference',
    statusField: 'status',
    // The TMS syncs every quarter of an hour; a day without news means the feed is stuck.
    staleAfterMinutes: 24 * 60,
    fields: [
      {
        key: 'reference',
        label: 'Reference',
        kind: 'text',
        required: true,
        unique: true,
        filterable: true,
        sortable: true,
        searchable: true,
        listColumn: true,
      },
      {
        key: 'status',
        label: 'Status',
        kind: 'status',
        required: true,
        filterable: true,
        sortable: true,
        listColumn: true,
        statuses: [
          status('booked', 'Booked', '#6e7781', 'open'),
          status('in_transit', 'In transit', '#1e88e5', 'open'),
          status('delayed', 'Delayed', '#f4511e', 'at_risk'),
          status('delivered', 'Delivered', '#43a047', 'done'),
          status('cancelled', 'Cancelled', '#9e9e9e', 'cancelled'),
        ],
      },
      {
        key: 'eta',
        label: 'ETA',
        kind: 'date_time',
        filterable: true,
        sortable: true,
        listColumn: true,
      },
      {
        key: 'carrier',
        label: 'Carrier',
        kind: 'choice',
        filterable: true,
        searchable: true,
        listColumn: true,
        choices: Object.entries(CARRIERS).map(([value, label]) => ({ value, label })),
      },
      { key: 'origin', label: 'Origin', kind: 'text', searchable: true, listColumn: true },
      { key: 'destination', label: 'Destination', kind: 'text', searchable: true, listColumn: true },
      { key: 'pallets', label: 'Pallets', kind: 'number' },
    ],
  },
  {
    key: DemoTypes.projects,
    singularLabel: 'Project',
    pluralLabel: 'Projects',
    titleField: 'name',
    statusField: 'status',
    fields: [
      { key: 'name', label: 'Name', kind: 'text', required: true, searchable: true, listColumn: true },
      {
        key: 'status',
        label: 'Status',
        kind: 'status',
        required: true,
        filterable: true,
        listColumn: true,
        statuses: [
          status('active', 'Active', '#1e88e5', 'open'),
          status('on_hold', 'On hold', '#f4511e', 'at_risk'),
          status('closed', 'Closed', '#43a047', 'done'),
        ],
      },
      { key: 'lead', label: 'Engagement lead', kind: 'text', searchable: true, listColumn: true },
      { key: 'start', label: 'Start', kind: 'date', sortable: true, listColumn: true },
    ],
  },
  {
    key: DemoTypes.milestones,
    singularLabel: 'Milestone',
    pluralLabel: 'Milestones',
    titleField: 'name',
    statusField: 'status',
    fields: [
      { key: 'name', label: 'Name', kind: 'text', required: true, searchable: true, listColumn: true },
      {
        key: 'project',
        label: 'Project',
        kind: 'reference',
        referenceType: DemoTypes.projects,
        required: true,
        filterable: true,
      },
      {
        key: 'due',
        label: 'Due date',
        kind: 'date',
        required: true,
        filterable: true,
        sortable: true,
        listColumn: true,
      },
      {
        key: 'status',
        label: 'Status',
        kind: 'status',
        required: true,
        filterable: true,
        listColumn: true,
        statuses: [
          status('on_track', 'On track', '#1e88e5', 'open'),
          status('at_risk', 'At risk', '#f4511e', 'at_risk'),
          status('done', 'Done', '#43a047', 'done'),
        ],
      },
    ],
  },
  {
    key: DemoTypes.orders,
    singularLabel: 'Order',
    pluralLabel: 'Orders',
    titleField: 'number',
    statusField: 'status',
    fields: [
      {
        key: 'number',
        label: 'Order number',
        kind: 'text',
        required: true,
        unique: true,
        filterable: true,
        sortable: true,
        searchable: true,
        listColumn: true,
      },
      { key: 'product', label: 'Product', kind: 'text', searchable: true, listColumn: true },
      { key: 'quantity', label: 'Quantity', kind: 'number', listColumn: true },
      { key: 'total', label: 'Total', kind: 'money', sortable: true, listColumn: true },
      { key: 'ordered', label: 'Order date', kind: 'date', filterable: true, sortable: true, listColumn: true },
      {
        key: 'status',
        label: 'Status',
        kind: 'status',
        required: true,
        filterable: true,
        listColumn: true,
        statuses: [
          status('received', 'Received', '#6e7781', 'open'),
          status('in_production', 'In production', '#1e88e5', 'open'),
          status('shipped', 'Shipped', '#8e24aa', 'open'),
          status('delivered', 'Delivered', '#43a047', 'done'),
          status('cancelled', 'Cancelled', '#9e9e9e', 'cancelled'),
        ],
      },
    ],
  },
  {
    key: DemoTypes.invoices,
    singularLabel: 'Invoice',
    pluralLabel: 'Invoices',
    titleField: 'number',
    statusField: 'status',
    fields: [
      {
        key: 'number',
        label: 'Invoice number',
        kind: 'text',
        required: true,
        unique: true,
        filterable: true,
        sortable: true,
        searchable: true,
        listColumn: true,
      },
      { key: 'order', label: 'Order', kind: 'reference', referenceType: DemoTypes.orders, filterable: true },
      { key: 'amount', label: 'Amount', kind: 'money', required: true, sortable: true, listColumn: true },
      {
        key: 'due',
        label: 'Due date',
        kind: 'date',
        required: true,
        filterable: true,
        sortable: true,
        listColumn: true,
      },
      {
        key: 'status',
        label: 'Status',
        kind: 'status',
        required: true,
        filterable: true,
        listColumn: true,
        statuses: [
          status('open', 'Open', '#1e88e5', 'open'),
          status('overdue', 'Overdue', '#f4511e', 'at_risk'),
          status('paid', 'Paid', '#43a047', 'done'),
        ],
      },
    ],
  },
]
