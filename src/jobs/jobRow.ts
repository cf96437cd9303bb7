/** Jobs queued in the caller's transaction, with the rows that made them. */

/**
 * A job as payload.jobs.queue stores it (payload/dist/queues/localAPI.js, without hooks): the
 * same row, written with the transition's other rows in one statement.
 */
export function jobRow(task: string, input: object, waitUntil?: string): Record<string, unknown> {
  const now = new Date().toISOString()
  return {
    input,
    taskSlug: task,
    queue: 'default',
    processing: false,
    hasError: false,
    totalTried: 0,
    ...(waitUntil ? { waitUntil } : {}),
    createdAt: now,
    updatedAt: now,
  }
}
