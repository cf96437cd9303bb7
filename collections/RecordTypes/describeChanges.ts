import type { PayloadRequest } from 'payload'
import type { RecordId } from '../../src/records/fieldKinds'
import { affectedCounter } from '../../src/records/affectedRecords'
import type { TypeChange } from '../../src/records/typeChanges'
import { recordsOfType } from './recordsOfType'

/** A type change with how many stored records it touches, as staff are shown it. */
export interface DescribedChange {
  change: TypeChange['change']
  effect: TypeChange['effect']
  field?: string
  message: string
  /** records it touches, when it touches some */
  affected?: number
}

/**
 * Each change with the number of the type's `total` records it touches, counted by walking the
 * records once (only when some change touches fewer than all of them).
 */
export async function describeChanges(
  req: PayloadRequest,
  typeId: RecordId,
  changes: readonly TypeChange[],
  total: number,
): Promise<DescribedChange[]> {
  const counters = changes.map((change) =>
    change.affects && change.affects.records !== 'all' ? affectedCounter(change.affects) : undefined,
  )
  if (counters.some(Boolean)) {
    for await (const page of recordsOfType(req, typeId))
      for (const record of page) for (const counter of counters) counter?.add(record)
  }
  return changes.map(({ change, effect, field, message, affects }, index) => ({
    change,
    effect,
    ...(field ? { field } : {}),
    message,
    ...(affects ? { affected: counters[index]?.count() ?? total } : {}),
  }))
}

/** How a described change reads in a 409 answer: `needs confirmation: … (3 of 40 records)`. */
export function changeLine(change: DescribedChange, total: number): string {
  const count = change.affected === undefined ? '' : ` (${change.affected} of ${total} records)`
  return `${change.effect === 'needsConfirmation' ? 'needs confirmation: ' : ''}${change.message}${count}`
}
