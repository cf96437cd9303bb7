/**
 * Field read rules for a page of documents, decided once per request rather than once per field
 * of every row: what Payload's afterRead does with each field's read access (a field the user may
 * not read is left out), for read paths below Payload's operations (selectRows.ts).
 *
 * A field whose access {@link fieldReadAccess} made asks the user's rules. Their Where for that
 * field (accessWhere with a field) says on which documents it is readable: on all (`true`), on
 * exactly the documents the user may read at all when it is the very Where the rows were selected
 * by (then on every row), or on none when no rule could allow it. Only a field whose rules differ
 * per document (a rule restricted to some fields under its own conditions) is asked row by row, as
 * Payload would ask it; and so is any field whose read access is a function of its own.
 */
import type { FieldAccess, FlattenedField, PayloadRequest } from 'payload'
import { abilityOf, accessWhere, ruleReadOf } from './collectionAccess'
import type { AtriumAbility } from './rules'

type Doc = Record<string, unknown>

/** How one field is decided: for all rows at once, or by asking its access for each row. */
type Decision = boolean | FieldAccess

/**
 * A function that removes from a document of `slug` the fields of `fields` that the request's user
 * may not read (at once, unless some field must be asked row by row). `rowsWhere` must be the Where of the user's read access to `slug` that selected the
 * documents (Payload's `access.read` result): a field readable wherever that Where holds is kept
 * without asking.
 */
export async function readableFieldsOf(
  req: PayloadRequest,
  slug: string,
  rowsWhere: unknown,
  fields: readonly FlattenedField[],
): Promise<(doc: Doc) => Doc | Promise<Doc>> {
  const ability = req.user ? await abilityOf(req) : undefined
  const rows = JSON.stringify(rowsWhere)
  // The decisions depend on the ability, the collection, the rows' Where and the fields only, and
  // abilities never change once built: kept with the ability, a page's reads decide them once.
  const key = `${slug}\u0000${rows}\u0000${fields.map((field) => field.name).join(',')}`
  const known = ability && decided.get(ability)?.get(key)
  const { hidden, perRow } = known ?? decideFields(ability, slug, rows, fields)
  if (ability && !known) {
    let byKey = decided.get(ability)
    if (!byKey) decided.set(ability, (byKey = new Map()))
    byKey.set(key, { hidden, perRow })
  }
  // Most pages: nothing to ask per row, only fields to leave out (often none).
  if (perRow.length === 0)
    return (doc) => {
      for (const name of hidden) delete doc[name]
      return doc
    }
  return async (doc) => {
    // Payload asks every field of a row before it removes any, so each sees the whole document.
    const denied = await Promise.all(
      perRow.map(async ([name, access]) =>
        // The arguments Payload's afterRead gives a top-level field's read access.
        (await access({ id: doc.id as number | string, data: doc, doc, req, siblingData: doc })) ? [] : [name],
      ),
    )
    for (const name of [...hidden, ...denied.flat()]) delete doc[name]
    return doc
  }
}

interface Decided {
  hidden: string[]
  perRow: [string, FieldAccess][]
}

const decided = new WeakMap<AtriumAbility, Map<string, Decided>>()

/** Which of `fields` are hidden on every row, and which must be asked row by row. */
function decideFields(
  ability: AtriumAbility | undefined,
  slug: string,
  rows: string,
  fields: readonly FlattenedField[],
): Decided {
  const decide = (access: FieldAccess): Decision => {
    const rules = ruleReadOf(access)
    if (!rules) return access
    // As fieldReadAccess: without a user, collection access has decided already.
    if (!ability) return true
    const where = accessWhere(ability, 'read', rules.slug, rules.name)
    if (where === true) return true
    // accessWhere may lose documents it cannot translate, never gain them: `false` is exact only
    // when no rule could let the field be read at all.
    if (where === false) return ability.can('read', rules.slug, rules.name) ? access : false
    return rules.slug === slug && JSON.stringify(where) === rows ? true : access
  }
  const decisions: [string, Decision][] = fields.flatMap((field) =>
    field.access?.read ? [[field.name, decide(field.access.read)] as [string, Decision]] : [],
  )
  const hidden = decisions.filter(([, decision]) => decision === false).map(([name]) => name)
  const perRow = decisions.filter((entry): entry is [string, FieldAccess] => typeof entry[1] === 'function')
  return { hidden, perRow }
}
