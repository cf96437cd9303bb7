import { ValidationError, type PayloadRequest } from 'payload'
import { Errors } from '../../src/http/errors'
import type { RecordTypeMigration } from '../../src/payload-types'
import type { RecordId } from '../../src/records/fieldKinds'
import type { SlotAssignment } from '../../src/records/slots'
import type { RecordTypeDefinition } from '../../src/records/typeDefinition'
import type { DescribedChange } from '../RecordTypes/describeChanges'
import { Slugs } from '../slugs'
import { migrationTitle } from './fields'
import { queueMigrationJob } from './migrationJobs'

/** What a type save hands to a new migration. */
export interface MigrationPlan {
  typeId: RecordId
  fromRevision: number
  toRevision: number
  before: RecordTypeDefinition
  after: RecordTypeDefinition
  assignment: SlotAssignment
  adaptsData: boolean
  changes: DescribedChange[]
  /** the type's records when saved */
  total: number
}

/** The id of the migration unfinished for type `typeId`, with its title, if there is one. */
export async function unfinishedMigration(req: PayloadRequest, typeId: RecordId) {
  const { docs } = await req.payload.find({
    collection: Slugs.recordTypeMigrations,
    where: { and: [{ type: { equals: typeId } }, { state: { not_equals: 'done' } }] },
    limit: 1,
    depth: 0,
    select: { title: true },
    overrideAccess: true,
    req,
  })
  return docs[0]
}

/**
 * Records a migration for a type edit being saved and queues its job, both inside the save's
 * transaction: the job becomes visible to the runner only with the saved type. Returns its id.
 */
export async function startMigration(req: PayloadRequest, plan: MigrationPlan): Promise<RecordId> {
  const user = req.user
  try {
    const migration = await req.payload.create({
      collection: Slugs.recordTypeMigrations,
      data: {
        title: migrationTitle({ ...plan, typeKey: plan.after.key, state: 'queued', processed: 0 }),
        // Generated types say number (SQL); on MongoDB ids are text and pass through untouched.
        type: plan.typeId as number,
        fromRevision: plan.fromRevision,
        toRevision: plan.toRevision,
        changes: plan.changes as unknown as RecordTypeMigration['changes'],
        adaptsData: plan.adaptsData,
        before: plan.before as unknown as RecordTypeMigration['before'],
        after: plan.after as unknown as RecordTypeMigration['after'],
        assignment: plan.assignment as unknown as RecordTypeMigration['assignment'],
        state: 'queued',
        total: plan.total,
        processed: 0,
        batches: 0,
        confirmedBy: user
          ? ({ relationTo: user.collection, value: user.id } as RecordTypeMigration['confirmedBy'])
          : undefined,
        confirmedAt: new Date().toISOString(),
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    await queueMigrationJob(req.payload, migration, req)
    return migration.id
  } catch (error) {
    // The unique (type, fromRevision): another save of the same revision started one first.
    if (error instanceof ValidationError) throw Errors.recordTypeChangedMeanwhile()
    throw error
  }
}
