/**
 * The fields of a record type migration: what was changed (the definitions and slot layout before
 * and after, and the changes as staff were shown them), who saved it, and how far the rewrite of
 * the type's records has come. Atrium writes them; the admin UI shows them read only.
 */
import type { Field } from 'payload'
import { Slugs } from '../slugs'

/**
 * queued: saved, waiting for the job runner; running: batches are being committed; done: every
 * record of the type is rewritten; failed: a run stopped with `error` (the next attempt, or a
 * resume, continues from the cursor).
 */
export const MIGRATION_STATES = ['queued', 'running', 'done', 'failed'] as const
/** Where a migration is. */
export type MigrationState = (typeof MIGRATION_STATES)[number]

const sidebar = (description: string) => ({ position: 'sidebar', description }) as const

/** What a migration's title is made of. */
export interface MigrationSummary {
  typeKey: string
  fromRevision: number
  toRevision: number
  state: MigrationState
  processed: number
  total: number
}

/**
 * The title of a migration, kept up to date with its state and progress, so that the type's
 * sidebar (which links to it by title) shows where it is: `shipment 3 → 4: running, 1500 of 5000`.
 */
export const migrationTitle = ({ typeKey, fromRevision, toRevision, state, processed, total }: MigrationSummary) =>
  `${typeKey} ${fromRevision} → ${toRevision}: ${state}, ${processed} of ${total} records`

/** The fields of the RecordTypeMigrations collection. */
export const migrationFields: Field[] = [
  {
    name: 'title',
    type: 'text',
    required: true,
    admin: { description: 'The type, the revisions it goes between, its state and progress.' },
  },
  {
    type: 'row',
    fields: [
      {
        // Emptied if the type is deleted later: the migration stays, its title keeps the type's key.
        name: 'type',
        type: 'relationship',
        relationTo: Slugs.recordTypes,
        index: true,
      },
      { name: 'fromRevision', type: 'number', required: true },
      { name: 'toRevision', type: 'number', required: true },
    ],
  },
  {
    // The messages the save answered with (409) before it was confirmed, with their counts then.
    name: 'changes',
    type: 'json',
    required: true,
    admin: {
      description: 'What the edit does to stored records, and how many records each change touched when saved.',
    },
  },
  {
    name: 'adaptsData',
    type: 'checkbox',
    defaultValue: false,
    admin: {
      description:
        "Confirmed changes: each record's data is adapted to the new definition. Otherwise only the columns copied from it are recomputed.",
    },
  },
  // What the job needs, kept so that a resumed run does exactly what the first one started.
  { name: 'before', type: 'json', required: true, admin: { description: 'The definition at fromRevision.' } },
  { name: 'after', type: 'json', required: true, admin: { description: 'The definition at toRevision.' } },
  { name: 'assignment', type: 'json', required: true, admin: { description: 'The slot layout at toRevision.' } },
  {
    name: 'state',
    type: 'select',
    required: true,
    defaultValue: 'queued',
    index: true,
    options: MIGRATION_STATES.map((value) => ({ label: value, value })),
    admin: sidebar('Queued, running, done, or failed (see the error; it resumes where it stopped).'),
  },
  { name: 'total', type: 'number', required: true, defaultValue: 0, admin: sidebar('Records of the type when saved.') },
  {
    name: 'processed',
    type: 'number',
    required: true,
    defaultValue: 0,
    admin: sidebar('Records rewritten so far. Records written meanwhile under the new definition need none.'),
  },
  {
    // Compared and advanced by every batch, so that two runners of one migration cannot both commit one.
    name: 'batches',
    type: 'number',
    required: true,
    defaultValue: 0,
    admin: sidebar('Batches committed.'),
  },
  {
    name: 'cursor',
    type: 'text',
    admin: sidebar('The id of the last record of the last committed batch: where a resumed run continues.'),
  },
  {
    name: 'confirmedBy',
    type: 'relationship',
    relationTo: [Slugs.users, Slugs.integrationAccounts],
    admin: sidebar('Who saved the edit (confirming it, when it needed confirmation).'),
  },
  { name: 'confirmedAt', type: 'date', admin: sidebar('When.') },
  { name: 'startedAt', type: 'date', admin: { position: 'sidebar' } },
  { name: 'finishedAt', type: 'date', admin: { position: 'sidebar' } },
  { name: 'job', type: 'text', admin: sidebar('The id of the job (payload-jobs) that runs it now.') },
  { name: 'error', type: 'textarea', admin: { description: 'Why the last run stopped, when it failed.' } },
]
