import type { CollectionBeforeValidateHook } from 'payload'
import { z } from 'zod'
import { Errors } from '../../src/http/errors'
import { eventCatalogue } from '../../src/notifications/catalogue'
import { notificationTemplateExists } from '../../src/notifications/emailMessage'
import { RECIPIENT_KINDS } from '../../src/notifications/recipients'
import { conditionSchema } from '../../src/workflows/definition'
import { conditionProblem } from '../../src/workflows/conditions'

const conditionsSchema = z.array(conditionSchema).max(20)

/**
 * Refuses (422, naming each problem) a rule that could never work as staff meant it: an event
 * the catalogue does not have, a recipient kind Atrium does not know, a role or address missing
 * where the kind needs one, conditions outside the role rules' operators, an unknown template.
 * Runs before Payload's own field checks, so the message names the rule's part, not a field path.
 */
export const checkRuleSave: CollectionBeforeValidateHook = async ({ data, originalDoc, req }) => {
  const rule = { ...(originalDoc ?? {}), ...(data ?? {}) } as Record<string, unknown>
  const problems: string[] = []
  const event = rule.event
  if (typeof event !== 'string' || !eventCatalogue(req.payload.config).has(event))
    problems.push(`there is no event "${String(event)}" (see the event catalogue in the documentation)`)
  if (rule.conditions !== undefined && rule.conditions !== null) {
    const parsed = conditionsSchema.safeParse(rule.conditions)
    if (!parsed.success)
      problems.push(
        `conditions must be a list of { field, operator, value } with operators ${'eq ne in nin gt gte lt lte exists'}`,
      )
    else
      for (const condition of parsed.data) {
        const problem = conditionProblem(condition)
        if (problem) problems.push(problem)
      }
  }
  const recipients = Array.isArray(rule.recipients) ? (rule.recipients as Record<string, unknown>[]) : []
  recipients.forEach((recipient, index) => {
    const at = `recipient ${index + 1}`
    if (!(RECIPIENT_KINDS as readonly unknown[]).includes(recipient?.kind))
      problems.push(
        `${at}: there is no recipient kind "${String(recipient?.kind)}" (use ${RECIPIENT_KINDS.join(', ')})`,
      )
    if (recipient?.kind === 'role' && (recipient.role === undefined || recipient.role === null))
      problems.push(`${at}: choose the role`)
    if (recipient?.kind === 'address' && typeof recipient.address !== 'string') problems.push(`${at}: give the address`)
  })
  if (
    typeof rule.template === 'string' &&
    rule.template !== '' &&
    !(await notificationTemplateExists(req, rule.template))
  )
    problems.push(`there is no email template "${rule.template}"`)
  if (problems.length > 0) throw Errors.invalidNotificationRule(problems)
  return data
}
