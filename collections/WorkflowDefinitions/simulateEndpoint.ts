import type { Endpoint } from 'payload'
import { abilityOf } from '../../src/access/collectionAccess'
import { emailTemplateNames } from '../../src/email/emailTemplates'
import { jsonBody } from '../../src/http/endpointInput'
import { Errors } from '../../src/http/errors'
import { describeZodError, simulationInputSchema } from '../../src/workflows/inputs'
import { simulate } from '../../src/workflows/simulate'
import { validateDefinition } from '../../src/workflows/validate'
import { Slugs } from '../slugs'

/**
 * `POST /api/workflow-definitions/simulate`: a test run of a definition (saved or not) against
 * sample data, candidates and a script of events on a fake clock. Writes nothing; answers the
 * path taken, every effect, the SLA timeline and the request at the end. For those who may edit
 * workflow definitions (the admin's "Test run" button sends the definition being edited).
 */
export const simulateEndpoint: Endpoint = {
  path: '/simulate',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw Errors.signInRequired()
    const ability = await abilityOf(req)
    if (!ability.can('update', Slugs.workflowDefinitions) && !ability.can('create', Slugs.workflowDefinitions))
      throw Errors.forbidden('Test runs are for those who may edit workflow definitions')
    const parsed = simulationInputSchema.safeParse(await jsonBody(req))
    if (!parsed.success) throw Errors.invalidInput('invalid_simulation', describeZodError(parsed.error))
    const input = parsed.data
    const checked = validateDefinition(input.definition, { templates: emailTemplateNames() })
    if (!checked.ok) throw Errors.invalidWorkflowDefinition(checked.problems)
    const result = simulate(checked.definition, input.sampleData, input.script, input.candidates, {
      start: input.start,
      requester: input.requester,
      until: input.until,
    })
    return Response.json(result)
  },
}
