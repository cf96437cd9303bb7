/**
 * Approval transitions per second, through the workflow service (the Local API the REST endpoints
 * call), on a scratch PostgreSQL and SQLite database, with the effects' jobs running beside them.
 *
 * N requests of a one-step "any" approval are submitted first (not timed); then `concurrency`
 * callers approve them as fast as they can, each approval a transition into the final state (a
 * lock, the request read as the approver, compare-and-set, history, an effects job queued), while
 * a job loop like the server's cron carries out those effects (an outgoing event each) in the
 * same process. Reported: transitions per second while approving, latency percentiles, this
 * process's CPU per transition, and how long the effects took to catch up after the last approval. Issue 12's target: at least 300
 * transitions per second on PostgreSQL on this 2-core machine.
 *
 *   node --conditions=production --import tsx bench/workflows.ts [postgres|sqlite|both=both] [N=2000] [concurrency=8]
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import type { Payload } from 'payload'
import { Slugs } from '../collections/slugs'
import { JOBS_PER_RUN } from '../src/config/payloadConfig'
import { actOnRequest, submitRequest, type Caller } from '../src/workflows/service'
import { WORKFLOW_EFFECTS_TASK } from '../src/workflows/service/effectTasks'
import { createPolicyWorkflow, createWorkflowFixture } from '../test/harness/workflowFixtures'
import { openScratchPayload } from './scratchPayload'

const which = process.argv[2] ?? 'both'
const N = Number(process.argv[3] ?? 2000)
const CONCURRENCY = Number(process.argv[4] ?? 8)

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
const ms = (value: number) => value.toFixed(1)

async function caller(payload: Payload, user: { id: number }): Promise<Caller> {
  const doc = await payload.findByID({ collection: Slugs.users, id: user.id, depth: 0 })
  return { payload, user: { ...doc, collection: Slugs.users } as Caller['user'] }
}

async function bench(kind: 'postgres' | 'sqlite'): Promise<void> {
  const scratch = await openScratchPayload(kind, { logLevel: 'silent' })
  const { payload } = scratch
  try {
    const fixture = await createWorkflowFixture(payload, 'bench', 1)
    await createPolicyWorkflow(payload, 'any-approval', 'any')
    const requester = await caller(payload, fixture.requester)
    const approver = await caller(payload, fixture.approvers[0]!)

    let started = performance.now()
    const ids: (number | string)[] = []
    for (let i = 0; i < N; i++) {
      const doc = await submitRequest(requester, { type: 'any_approval', data: { title: `Request ${i}`, amount: i } })
      ids.push(doc.id)
    }
    const submitSeconds = (performance.now() - started) / 1000
    // The submissions' effects (the approval-requested emails) are not what is measured.
    await drainJobs(payload)

    let running = true
    let jobRuns = 0
    // As the server's job cron does: a run of up to JOBS_PER_RUN every second, the next one as soon as
    // the last is done while there is work.
    const jobLoop = (async () => {
      while (running) {
        const result = await payload.jobs.run({ limit: JOBS_PER_RUN, silent: true })
        if (result.noJobsRemaining) await new Promise((resolve) => setTimeout(resolve, 1000))
        else jobRuns++
      }
    })()

    const latencies: number[] = []
    let next = 0
    const cpuBefore = process.cpuUsage()
    started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!
          const t0 = performance.now()
          await actOnRequest(approver, id, { type: 'approve' })
          latencies.push(performance.now() - t0)
        }
      }),
    )
    const elapsed = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    running = false
    await jobLoop
    const drained = performance.now()
    await drainJobs(payload)
    const drainSeconds = (performance.now() - drained) / 1000

    const approved = await payload.count({ collection: Slugs.requests, where: { state: { equals: 'approved' } } })
    const events = await payload.count({
      collection: Slugs.outgoingEvents,
      where: { event: { equals: 'any-approval.done' } },
    })
    latencies.sort((a, b) => a - b)
    console.log(
      `${kind}: ${N} approvals, concurrency ${CONCURRENCY}: ${(N / elapsed).toFixed(0)} transitions/s ` +
        `(p50 ${ms(percentile(latencies, 0.5))} ms, p95 ${ms(percentile(latencies, 0.95))} ms, ` +
        `p99 ${ms(percentile(latencies, 0.99))} ms; CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms/transition); ` +
        `effect job runs during: ${jobRuns}, rest drained in ${drainSeconds.toFixed(1)} s; ` +
        `approved ${approved.totalDocs}, events ${events.totalDocs}; submissions ${(N / submitSeconds).toFixed(0)}/s`,
    )
    if (approved.totalDocs !== N || events.totalDocs !== N) throw new Error('not every approval or effect happened')
  } finally {
    await scratch.close()
  }
}

async function drainJobs(payload: Payload): Promise<void> {
  for (;;) {
    const result = await payload.jobs.run({ limit: 100, silent: true })
    if (result.noJobsRemaining) return
  }
}

console.log(
  `load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; tasks: ${WORKFLOW_EFFECTS_TASK}`,
)
for (const kind of which === 'both' ? (['postgres', 'sqlite'] as const) : [which as 'postgres' | 'sqlite']) {
  await bench(kind)
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
process.exit(0)
