/**
 * Builds the Payload config from validated settings. src/payload.config.ts uses it for the running
 * platform (and Next's admin build); the test harness uses it with a throw-away database.
 */
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DestinationStream } from 'pino'
import { buildConfig, type Config, type Plugin, type SanitizedConfig } from 'payload'
import { IdempotencyKeys } from '../../collections/IdempotencyKeys'
import { IntegrationAccounts } from '../../collections/IntegrationAccounts'
import { mediaCollection } from '../../collections/Media'
import { RecordTypeMigrations } from '../../collections/RecordTypeMigrations'
import { migrateRecordsTask } from '../../collections/RecordTypeMigrations/migrationJobs'
import { beforeAutoRun } from '../jobs/beforeAutoRun'
import { RecordTypes } from '../../collections/RecordTypes'
import { Records } from '../../collections/Records'
import { Roles } from '../../collections/Roles'
import { SecuritySettings } from '../../collections/SecuritySettings'
import { Tenants } from '../../collections/Tenants'
import { Users } from '../../collections/Users'
import { UserIdentities } from '../../collections/UserIdentities'
import { SignInEvents } from '../../collections/SignInEvents'
import { Delegations } from '../../collections/Delegations'
import { OutgoingEvents } from '../../collections/OutgoingEvents'
import { Requests } from '../../collections/Requests'
import { RequestTypes } from '../../collections/RequestTypes'
import { Tasks } from '../../collections/Tasks'
import { Templates } from '../../collections/Templates'
import { Pages } from '../../collections/Pages'
import { NotificationDeliveries } from '../../collections/NotificationDeliveries'
import { SignInTokens } from '../../collections/SignInTokens'
import { NotificationPreferences } from '../../collections/NotificationPreferences'
import { NotificationRules } from '../../collections/NotificationRules'
import { Notifications } from '../../collections/Notifications'
import { notificationTasks, SCHEDULED_QUEUE } from '../notifications/tasks'
import { sendSignInLinkTask } from '../auth/magicLinks'
import { pageBlocksPlugin } from '../../collections/Pages/pageBlocks'
import { WorkflowDefinitions } from '../../collections/WorkflowDefinitions'
import { WorkflowEffectRuns } from '../../collections/WorkflowEffectRuns'
import { WorkflowEvents } from '../../collections/WorkflowEvents'
import { accessPlugin } from '../access/collectionAccess'
import { monacoPlugin } from '../admin/monacoPlugin'
import { jobsAccess, restrictInternalCollections } from '../access/internalCollections'
import { corePlugins } from '../../plugins'
import { ssoPlugin } from '../../plugins/sso'
import { createDatabaseAdapter } from '../db/databaseAdapter'
import { workflowTasks } from '../workflows/service'
import { emailAdapter } from '../email/emailAdapter'
import { authCollectionsPlugin } from '../http/authCollections'
import { addErrorEnvelope, CLIENT_ERROR_NAME } from '../http/errors'
import { queryLimitsPlugin } from '../http/queryLimits'
import { loggerConfig } from '../logging/logger'
import type { Settings } from './settings'

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * How Payload logs the errors it handles, by class name. A wrong password or a missing permission
 * is the client's mistake, not an incident. GraphQL wraps every error in a GraphQLError, which
 * Payload would log at error level with its stack; addErrorEnvelope logs those by what they wrap.
 * (Payload's type lists only its own error names; it looks any name up at run time.)
 */
const LOGGING_LEVELS = {
  AuthenticationError: 'info',
  UnverifiedEmail: 'info',
  LockedAuth: 'info',
  GraphQLError: false,
  [CLIENT_ERROR_NAME]: 'info',
} as Config['loggingLevels']

/**
 * How often a process that runs jobs looks for queued ones (every second), and how many it takes
 * at a time. Payload's defaults (10 a run) would let a burst of approvals wait minutes for their
 * emails; a run is never started while the last one is still going.
 */
export const JOBS_CRON = '* * * * * *'
export const JOBS_PER_RUN = 100
/** How often a process that runs jobs queues and runs the scheduled ones (at second 0 of each minute). */
export const SCHEDULED_JOBS_CRON = '0 * * * * *'

/** What varies between the running platform and a test. */
export interface AtriumConfigOptions {
  settings: Settings
  /** Sync the schema straight from the config instead of migrating (throw-away test databases only). */
  push?: boolean
  /** Plugins added after Atrium's own: integrations, or a test's fixtures. */
  plugins?: Plugin[]
  /** Where log lines go instead of stdout. */
  logDestination?: DestinationStream
}

/** The sanitized Payload config of an Atrium installation. */
export function buildAtriumConfig({
  settings,
  push = false,
  plugins = [],
  logDestination,
}: AtriumConfigOptions): Promise<SanitizedConfig> {
  return buildConfig({
    secret: settings.secret,
    serverURL: settings.publicUrl,
    ...(settings.publicUrl ? { csrf: [settings.publicUrl], cors: [settings.publicUrl] } : {}),
    db: createDatabaseAdapter(settings.database, { push }),
    editor: lexicalEditor(),
    collections: [
      Users,
      Tenants,
      Roles,
      mediaCollection(path.join(settings.dataDir, 'media')),
      RecordTypes,
      RecordTypeMigrations,
      Records,
      IntegrationAccounts,
      IdempotencyKeys,
      WorkflowDefinitions,
      RequestTypes,
      Requests,
      WorkflowEvents,
      Delegations,
      Tasks,
      OutgoingEvents,
      WorkflowEffectRuns,
      Templates,
      Pages,
      NotificationRules,
      Notifications,
      NotificationPreferences,
      NotificationDeliveries,
      UserIdentities,
      SignInEvents,
      SignInTokens,
    ],
    globals: [SecuritySettings],
    // pageBlocksPlugin offers the blocks every plugin before it registered; the last four apply to
    // every collection, including those the plugins before them add.
    plugins: [
      // Before the portal: its custom-domain router at / would otherwise see /sso/staff first.
      ssoPlugin({ staff: settings.staffSso }),
      ...corePlugins,
      ...plugins,
      pageBlocksPlugin(),
      monacoPlugin(),
      accessPlugin(),
      queryLimitsPlugin(settings.queryLimits),
      authCollectionsPlugin({
        httpsOnly: settings.publicUrl?.startsWith('https:') ?? false,
        staffSecondFactor: settings.staffSecondFactor,
      }),
    ],
    graphQL: { disable: !settings.graphqlEnabled },
    // Background work. A process with RUN_JOBS runs it on Payload's cron (started by openPayload,
    // or by the first API request); tests run it with payload.jobs.run. Completed jobs are
    // deleted; what they did is kept by their own records (record type migrations).
    jobs: {
      tasks: [migrateRecordsTask, ...workflowTasks, ...notificationTasks, sendSignInLinkTask],
      access: jobsAccess,
      ...(settings.runJobs
        ? {
            autoRun: [
              { cron: JOBS_CRON, queue: 'default', limit: JOBS_PER_RUN, disableScheduling: true },
              // Scheduled tasks (the digests) are queued and run once a minute: Payload's scheduler
              // reads and writes its stats on every tick, which every second would be a waste.
              { cron: SCHEDULED_JOBS_CRON, queue: SCHEDULED_QUEUE, limit: 10 },
            ],
            shouldAutoRun: beforeAutoRun,
          }
        : {}),
    },
    email: emailAdapter(settings),
    admin: {
      user: Users.slug,
      // Gravatar is a third-party request per page view, and unreachable offline.
      avatar: 'default',
      importMap: { baseDir: srcDir },
      meta: { titleSuffix: ' — Atrium' },
    },
    upload: { limits: { fileSize: settings.uploadLimit } },
    hooks: { afterError: [addErrorEnvelope] },
    logger: loggerConfig(settings, logDestination),
    loggingLevels: LOGGING_LEVELS,
    telemetry: false,
    // Types are generated by `npm run generate:types`; generating on every start keeps jest alive.
    typescript: { autoGenerate: false, outputFile: path.join(srcDir, 'payload-types.ts') },
  }).then(restrictInternalCollections)
}
