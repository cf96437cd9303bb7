/**
 * The effects of workflow transitions survive a job runner that dies mid-way: a separate process
 * runs the queued jobs (effects, then the notifications they publish, then each delivery) and is
 * killed (SIGKILL) while it waits on the mail server; after the stalled job is released and the
 * jobs run again, every task, recorded event and email exists exactly once.
 */
import path from 'node:path'
import { Slugs } from '../../collections/slugs'
import { PROJECT_ROOT } from '../../src/config/paths'
import { releaseStalledJobs, RERUNNABLE_TASKS } from '../../src/jobs/releaseStalledJobs'
import { NOTIFICATION_DELIVERY_TASK } from '../../src/notifications/events'
import { actOnRequest, submitRequest } from '../../src/workflows/service'
import { WORKFLOW_EFFECTS_TASK } from '../../src/workflows/service/effectTasks'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { runQueuedJobs } from '../harness/jobs'
import { cleanEnv, startChild } from '../harness/processes'
import { useSmtpServer } from '../harness/smtpServer'
import { createWorkflowFixture, PURCHASE_TYPE, publishWorkflow } from '../harness/workflowFixtures'

const REQUESTS = 6

const mail = useSmtpServer()

describeEachDatabase(
  'workflow effects after a killed job runner',
  (ctx) => {
    it('runs every effect once: none lost, none doubled', async () => {
      const f = await createWorkflowFixture(ctx.payload, `jobs-${ctx.kind}`)
      // The email comes last, so a runner killed while sending it has made the job's task and event already.
      await publishWorkflow(ctx.payload, 'effects-last', 'Effects', {
        initial: 'draft',
        states: [
          { key: 'draft', kind: 'form', onSubmit: 'review' },
          {
            key: 'review',
            kind: 'approval',
            assignees: [{ role: 'account-manager', scope: 'vendor' }],
            policy: { kind: 'any' },
            onApprove: 'approved',
            onReject: 'rejected',
            rejectReasons: ['no'],
          },
          {
            key: 'approved',
            kind: 'final',
            outcome: 'approved',
            onEnter: [
              { type: 'webhook', event: 'purchase.approved' },
              { type: 'createTask', title: 'Place the order', assignee: 'requester' },
              { type: 'notify', template: 'request-approved', to: ['requester'] },
            ],
          },
          { key: 'rejected', kind: 'final', outcome: 'rejected' },
        ],
      })
      await ctx.payload.create({
        collection: Slugs.requestTypes,
        data: { ...PURCHASE_TYPE, key: 'effects_last', workflow: 'effects-last' } as never,
      })
      const requester = { payload: ctx.payload, user: { ...f.requester, collection: Slugs.users } as never }
      const manager = { payload: ctx.payload, user: { ...f.accountManager, collection: Slugs.users } as never }
      const ids: (number | string)[] = []
      for (let i = 0; i < REQUESTS; i++) {
        const doc = await submitRequest(requester, {
          type: 'effects_last',
          data: { title: `Item ${i}`, amount: 100 + i },
        })
        await actOnRequest(manager, doc.id, { type: 'approve' })
        ids.push(doc.id)
      }
      // Per request: the account manager told on submission; then the requester told, an event recorded, a task made.
      const queued = await ctx.payload.count({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: WORKFLOW_EFFECTS_TASK } },
      })
      expect(queued.totalDocs).toBe(REQUESTS * 2)

      mail.server.slowRcptMs = 300
      const runner = startChild(
        process.execPath,
        ['--conditions=production', '--import', 'tsx', path.join(PROJECT_ROOT, 'test', 'fixtures', 'jobRunner.ts')],
        cleanEnv({
          DATABASE_URL: ctx.database.url,
          DATA_DIR: ctx.database.dataDir,
          PAYLOAD_SECRET: 'x'.repeat(32),
          SMTP_URL: mail.server.url,
          EMAIL_FROM: 'Atrium <atrium@vendor.test>',
          LOG_LEVEL: 'warn',
        }),
      )
      try {
        await runner.waitFor(/ran 3\b/, 90_000)
        // Kill it while it waits on the mail server for an approval's email: mid-job, marked as
        // processing, its task and event made already.
        await waitUntil(() => mail.server.waitingRcpt.includes(f.requester.email), 30_000)
        runner.process.kill('SIGKILL')
        await runner.exited
      } finally {
        runner.process.kill('SIGKILL')
      }
      mail.server.slowRcptMs = 0
      // The job it died in is an email's delivery, taken and not finished; the effects before it are done.
      const stalled = await ctx.payload.find({
        collection: 'payload-jobs',
        where: { processing: { equals: true } },
        depth: 0,
      })
      expect(stalled.docs.map((job) => job.taskSlug)).toEqual([NOTIFICATION_DELIVERY_TASK])
      const before = await ctx.payload.count({ collection: Slugs.tasks, where: { request: { in: ids } } })
      expect(before.totalDocs).toBeGreaterThan(0)

      // A job still taken is not run again until it is released as stalled.
      await runQueuedJobs(ctx.payload)
      expect(
        await ctx.payload.count({ collection: 'payload-jobs', where: { processing: { equals: true } } }),
      ).toMatchObject({ totalDocs: 1 })
      await releaseStalledJobs(ctx.payload, RERUNNABLE_TASKS, 0)
      await runQueuedJobs(ctx.payload)
      expect(
        await ctx.payload.count({ collection: 'payload-jobs', where: { taskSlug: { not_equals: 'workflowTimer' } } }),
      ).toMatchObject({ totalDocs: 0 })

      const tasks = await ctx.payload.find({
        collection: Slugs.tasks,
        where: { request: { in: ids } },
        depth: 0,
        limit: 100,
      })
      expect(tasks.docs.map((t) => String(t.request)).sort()).toEqual(ids.map(String).sort())
      const events = await ctx.payload.find({
        collection: Slugs.outgoingEvents,
        where: { request: { in: ids } },
        depth: 0,
        limit: 100,
      })
      expect(events.docs.map((e) => String(e.request)).sort()).toEqual(ids.map(String).sort())
      const mine = mail.server.received.filter((m) =>
        m.envelope.to.every((to) => to.endsWith(`@jobs-${ctx.kind}.test`)),
      )
      const subjects = mine.map((m) => `${m.envelope.to.join()} ${m.parsed.subject ?? ''}`).sort()
      const expected = ids
        .map((_, i) => [
          `${f.accountManager.email} Approval needed: Item ${i}`,
          `${f.requester.email} Approved: Item ${i}`,
        ])
        .flat()
        .sort()
      expect(subjects).toEqual(expected)
    }, 180_000)
  },
  () => ({ env: { SMTP_URL: mail.server.url, EMAIL_FROM: 'Atrium <atrium@vendor.test>' } }),
)

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
