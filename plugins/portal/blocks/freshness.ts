/**
 * How fresh a record's news is: when it last had news (its last sync from the outside system, else
 * its last change), and whether that is longer ago than its type's staleAfterMinutes allows.
 */

/** When a record last had news: its last sync, else its last change ('' when neither is readable). */
export const lastSeenOf = (record: { syncedAt?: unknown; updatedAt?: unknown }): string =>
  typeof record.syncedAt === 'string' && record.syncedAt
    ? record.syncedAt
    : typeof record.updatedAt === 'string'
      ? record.updatedAt
      : ''

/** Whether news last seen at a time is stale for a type that allows `staleAfterMinutes` (none: never). */
export function staleness(staleAfterMinutes: number | null | undefined): (seen: string) => boolean {
  const staleAfterMs = (staleAfterMinutes ?? 0) * 60_000
  return (seen) => staleAfterMs > 0 && seen !== '' && Date.now() - Date.parse(seen) > staleAfterMs
}
