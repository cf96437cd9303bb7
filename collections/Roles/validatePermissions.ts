import { ValidationError, type CollectionBeforeValidateHook } from 'payload'
import { accessCatalogue } from '../../src/access/catalogue'
import { ruleProblems, type StoredRule } from '../../src/access/rules'
import { Slugs } from '../slugs'

/**
 * Refuses a role whose rules name an operator outside the allow-list, a collection or field that
 * does not exist, or a prototype key: 400, one message per problem, each at its rule.
 */
export const validatePermissions: CollectionBeforeValidateHook = ({ data, req }) => {
  const rules = (data?.permissions ?? []) as StoredRule[]
  const catalogue = accessCatalogue(req.payload.config)
  const errors = rules.flatMap((rule, index) =>
    ruleProblems(rule, catalogue).map((message) => ({
      path: `permissions.${index}`,
      message: `Rule ${index + 1}: ${message}`,
    })),
  )
  if (errors.length > 0) throw new ValidationError({ collection: Slugs.roles, errors, req })
  return data
}
