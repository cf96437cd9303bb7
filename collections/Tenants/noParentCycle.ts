import type { FieldHook } from 'payload'
import { Errors } from '../../src/http/errors'
import { Slugs } from '../slugs'
import { idOf } from '../../src/access/ids'

/** Refuses a parent that is the tenant itself or one of its descendants (the hierarchy has no cycles). */
export const noParentCycle: FieldHook = async ({ value, originalDoc, req }) => {
  const self = (originalDoc as { id?: unknown } | undefined)?.id
  let current = idOf(value)
  if (current === undefined || current === null || self === undefined) return value
  for (let hops = 0; current !== undefined && current !== null && hops < 1000; hops++) {
    if (String(current) === String(self)) {
      throw Errors.invalidInput('tenant_cycle', 'A tenant cannot sit under itself or under one of its own sub-accounts')
    }
    const parent = await req.payload.findByID({
      collection: Slugs.tenants,
      id: current as number | string,
      depth: 0,
      disableErrors: true,
      req,
    })
    current = idOf((parent as { parent?: unknown } | null)?.parent)
  }
  return value
}
