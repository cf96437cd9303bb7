import { defineBlock } from '../../../src/plugin/blocks'
import { headingField, headingOf } from './blockHeading'
import { recordTypeField, savedFilterField } from './recordBlockInput'
import { listConfigFields, loadRecordList } from './recordList'

/**
 * A list of one record type's records: a saved filter, columns, sort and page size; the visitor
 * searches and pages through a plain GET form and links (no script), each row opening the
 * record's page. Read as the signed-in person through the one record query path.
 */
export const recordListBlock = defineBlock({
  slug: 'recordList',
  block: {
    slug: 'recordList',
    labels: { singular: 'Record list', plural: 'Record lists' },
    fields: [headingField, recordTypeField(), savedFilterField(), ...listConfigFields],
  },
  template: 'templates/portal/blocks/record-list.hbs',
  load: async (ctx) => {
    const { view } = await loadRecordList(ctx, { slug: 'recordList' })
    return { heading: headingOf(ctx.config, view.typeLabel), ...view }
  },
})
