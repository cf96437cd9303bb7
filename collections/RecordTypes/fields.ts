/**
 * The inputs of a record type in the admin UI, one per part of typeDefinition's input: structured
 * fields, never a JSON box. Kind-specific inputs (choices, statuses, the referenced type) show only
 * for their kind; what they keep when hidden is ignored on save.
 */
import type { Field, FieldAccess } from 'payload'
import { isStaff } from '../../src/access/ability'
import { FIELD_KINDS, KIND_TRAITS, STATUS_CATEGORIES, type FieldKind } from '../../src/records/fieldKinds'
import { DEFINITION_LIMITS } from '../../src/records/typeDefinition'
import { Slugs } from '../slugs'

const forKind =
  (kind: FieldKind) =>
  (_data: unknown, siblingData: Record<string, unknown> | undefined): boolean =>
    siblingData?.kind === kind

/** Set by the save hooks only: nobody writes them over the API. */
const systemOnly: FieldAccess = () => false
/** The slot layout is an implementation detail; clients reading a type's labels do not need it. */
const staffOnly: FieldAccess = ({ req }) => !req.user || isStaff(req.user)

const flag = (name: string, label: string, description: string): Field => ({
  name,
  type: 'checkbox',
  label,
  defaultValue: false,
  admin: { description },
})

/** The value stored and the label shown, for choices and statuses alike. */
const optionFields: Field[] = [
  { name: 'value', type: 'text', required: true, maxLength: 64 },
  { name: 'label', type: 'text', required: true, maxLength: DEFINITION_LIMITS.label },
]

/** What only record fields have: uniqueness and the flags of the portal's lists. */
const recordFlagRows: Field[] = [
  {
    type: 'row',
    fields: [
      flag('required', 'Required', 'Every record must have a value.'),
      flag('unique', 'Unique', 'No two records of one client share a value.'),
      flag('listColumn', 'List column', "Shown as a column of the portal's list."),
    ],
  },
  {
    type: 'row',
    fields: [
      flag('filterable', 'Filterable', 'Lists may be filtered by it.'),
      flag('sortable', 'Sortable', 'Lists may be sorted by it.'),
      flag('searchable', 'Searchable', "Part of the record's search text."),
    ],
  },
]

/**
 * The list of typed fields staff define: a record type's fields (`recordFlags`), or a request
 * type's form, which is checked and validated the same way (src/records/typeDefinition.ts).
 */
export const dataFieldsField = ({ recordFlags }: { recordFlags: boolean }): Field => ({
  name: 'fields',
  type: 'array',
  required: true,
  minRows: 1,
  maxRows: DEFINITION_LIMITS.fields,
  labels: { singular: 'Field', plural: 'Fields' },
  admin: { initCollapsed: true },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'key', type: 'text', required: true, maxLength: 40, admin: { description: 'e.g. due_date' } },
        { name: 'label', type: 'text', required: true, maxLength: DEFINITION_LIMITS.label },
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: FIELD_KINDS.map((kind) => ({ label: KIND_TRAITS[kind].label, value: kind })),
        },
      ],
    },
    { name: 'helpText', type: 'textarea', maxLength: DEFINITION_LIMITS.helpText },
    ...(recordFlags ? recordFlagRows : [flag('required', 'Required', 'The form cannot be sent without a value.')]),
    {
      name: 'choices',
      type: 'array',
      maxRows: DEFINITION_LIMITS.choices,
      admin: { condition: forKind('choice') },
      fields: [
        {
          type: 'row',
          fields: [...optionFields],
        },
      ],
    },
    {
      name: 'statuses',
      type: 'array',
      maxRows: DEFINITION_LIMITS.statuses,
      admin: { condition: forKind('status') },
      fields: [
        {
          type: 'row',
          fields: [
            ...optionFields,
            {
              name: 'colour',
              type: 'text',
              required: true,
              defaultValue: '#6e7781',
              admin: { description: '#rrggbb' },
            },
            {
              name: 'category',
              type: 'select',
              required: true,
              defaultValue: 'open',
              options: STATUS_CATEGORIES.map((value) => ({ label: value.replace('_', ' '), value })),
            },
          ],
        },
      ],
    },
    {
      name: 'referenceType',
      type: 'text',
      maxLength: 40,
      admin: { condition: forKind('reference'), description: 'The key of the record type it points to.' },
    },
  ],
})

const typeField = dataFieldsField({ recordFlags: true })

/** The fields of the RecordTypes collection. */
export const recordTypeFields: Field[] = [
  {
    type: 'row',
    fields: [
      {
        name: 'key',
        type: 'text',
        required: true,
        unique: true,
        index: true,
        maxLength: 40,
        admin: { description: 'What integrations and queries name the type by, e.g. shipment.' },
      },
      { name: 'singularLabel', type: 'text', required: true, maxLength: DEFINITION_LIMITS.label },
      { name: 'pluralLabel', type: 'text', required: true, maxLength: DEFINITION_LIMITS.label },
    ],
  },
  typeField,
  {
    type: 'row',
    fields: [
      {
        name: 'titleField',
        type: 'text',
        required: true,
        maxLength: 40,
        admin: { description: 'The key of the required text field that titles each record.' },
      },
      {
        name: 'statusField',
        type: 'text',
        maxLength: 40,
        admin: { description: 'The key of the status field, if the type has one.' },
      },
      {
        name: 'staleAfterMinutes',
        type: 'number',
        min: 1,
        admin: { description: 'Records not synced for this long are shown as stale.' },
      },
    ],
  },
  {
    // Not stored: it says "I have read what this edit does to stored records" for one save.
    name: 'confirmDestructiveChange',
    type: 'checkbox',
    virtual: true,
    label: 'Apply changes that remove or rewrite stored values',
    admin: {
      position: 'sidebar',
      description: 'Needed for edits that take something away; the refusal lists what and how many records.',
    },
  },
  {
    // Counts saves: validators and cached parses are keyed by it.
    name: 'revision',
    type: 'number',
    defaultValue: 0,
    access: { create: systemOnly, update: systemOnly },
    admin: { position: 'sidebar', readOnly: true },
  },
  {
    // For the portal: lists may be incomplete while stored records are rewritten.
    name: 'migrating',
    type: 'checkbox',
    defaultValue: false,
    access: { create: systemOnly, update: systemOnly },
    admin: {
      position: 'sidebar',
      readOnly: true,
      description:
        'Stored records are being rewritten after an edit (see Migration). Until that is done, lists filtered or sorted by a changed field leave out the records not rewritten yet, and edits that rewrite records again wait.',
    },
  },
  {
    name: 'migration',
    type: 'relationship',
    relationTo: Slugs.recordTypeMigrations,
    access: { read: staffOnly, create: systemOnly, update: systemOnly },
    admin: { position: 'sidebar', readOnly: true, description: 'The last rewrite of its records: state and progress.' },
  },
  {
    // Which slot column holds which field; kept across edits so stored rows rarely need a rewrite.
    name: 'slotAssignment',
    type: 'json',
    access: { read: staffOnly, create: systemOnly, update: systemOnly },
    admin: { hidden: true },
  },
]
