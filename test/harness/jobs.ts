import type { Payload } from 'payload'

/**
 * Runs the queued jobs as the server's cron would, until none is left to run now (a job waiting
 * to retry is not). Tests call it where the server would have run them within a few seconds.
 */
export async function runQueuedJobs(payload: Payload): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const result = await payload.jobs.run({ limit: 10, silent: true })
    if (result.noJobsRemaining) return
  }
  throw new Error('jobs were still queued after 20 rounds')
}
