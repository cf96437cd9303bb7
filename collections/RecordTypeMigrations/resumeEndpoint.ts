import { NotFound, type Endpoint } from 'payload'
import { storableId } from '../../src/access/ids'
import { abilityOf } from '../../src/access/collectionAccess'
import { Errors } from '../../src/http/errors'
import type { RecordTypeMigration } from '../../src/payload-types'
import { Slugs } from '../slugs'
import { needsNewJob, requeueMigration } from './migrationJobs'

/**
 * `POST /api/record-type-migrations/:id/resume`: gives a failed (or stalled) migration a new job,
 * which continues from its cursor. For staff who may edit record types; 409 while it is done or
 * still running, 404 for a migration the caller cannot see.
 */
export const resumeEndpoint: Endpoint = {
  path: '/:id/resume',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw Errors.signInRequired()
    const id = storableId(req.payload, req.routeParams?.id)
    const migration =
      id === undefined
        ? null
        : ((await req.payload.findByID({
            collection: Slugs.recordTypeMigrations,
            id,
            depth: 0,
            disableErrors: true,
            overrideAccess: false,
            user: req.user,
            req,
          })) as RecordTypeMigration | null)
    if (!migration) throw new NotFound(req.t)
    if (!(await abilityOf(req)).can('update', Slugs.recordTypes))
      throw Errors.forbidden('Only staff who may edit record types resume their migrations')
    if (migration.state === 'done') throw Errors.migrationNotResumable(migration.title, 'it is done')
    if (!(await needsNewJob(req.payload, migration)))
      throw Errors.migrationNotResumable(migration.title, 'its job is running or waiting to run')
    await requeueMigration(req.payload, migration, req)
    const doc = await req.payload.findByID({ collection: Slugs.recordTypeMigrations, id: migration.id, depth: 0, req })
    return Response.json({ doc })
  },
}
