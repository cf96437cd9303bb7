import { defineBlock } from '../../../src/plugin/blocks'
import { maySubmit } from '../../../src/workflows/service'
import type { PortalUser } from '../portalSession'
import { formInputs, readableRequestType, referenceOptions } from '../requestFormFields'
import { headingField, headingOf } from './blockHeading'

/** The form error that is about the whole form rather than one field. */
const WHOLE_FORM = '_data'

/**
 * A request type's form (a plain HTML form, no script needed) posting to <base>/requests with the
 * form token: one input per field of the type, reference fields offering the tenant's records of
 * their type as the person may read them. Someone whose rules do not let them submit this type
 * here, or a type that is unknown or inactive, gets a sentence saying so instead of a form. A post
 * that was refused comes back to this block with what was typed and each problem at its input.
 */
export const requestFormBlock = defineBlock({
  slug: 'requestForm',
  block: {
    slug: 'requestForm',
    labels: { singular: 'Request form', plural: 'Request forms' },
    fields: [
      headingField,
      {
        name: 'requestType',
        type: 'text',
        required: true,
        maxLength: 40,
        admin: { description: 'The key of the request type whose form this is, e.g. purchase.' },
      },
    ],
  },
  template: 'templates/portal/blocks/request-form.hbs',
  load: async ({ payload, user, tenant, base, csrf, pagePath, config, posted }) => {
    const key = typeof config.requestType === 'string' ? config.requestType : ''
    const block = typeof config.id === 'string' && /^[\w-]{1,64}$/.test(config.id) ? config.id : `type-${key}`
    const person = user as PortalUser
    const found = await readableRequestType(payload, person, key)
    const unavailable = (heading: string, reason: string) => ({ heading, block, available: false, reason })
    if (!found) return unavailable(headingOf(config, 'New request'), 'This form is not available.')
    const { type, form } = found
    const heading = headingOf(config, `New ${type.singularLabel.toLowerCase()}`)
    if (!(await maySubmit({ payload, user }, type.id, tenant.id)))
      return unavailable(heading, `Your role does not let you submit ${type.pluralLabel.toLowerCase()} here.`)
    const mine = posted?.block === block ? posted : undefined
    const references = await referenceOptions(payload, person, tenant.id, form)
    const inputs = formInputs(form, `rf-${block}`, references, mine?.values, mine?.errors)
    const problems = inputs
      .filter((input) => input.error)
      .map((input) => ({ href: `#${input.id}`, message: input.error }))
    return {
      heading,
      available: true,
      reason: '',
      description: type.description ?? '',
      legend: type.singularLabel,
      action: `${base}/requests`,
      csrf,
      back: pagePath,
      block,
      requestType: type.key,
      inputs,
      formError: mine?.errors[WHOLE_FORM] ?? '',
      problems,
      problemsIntro: `Nothing was sent yet. Please correct ${problems.length === 1 ? 'this field' : 'these fields'}:`,
    }
  },
})
