import type { Where } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { idOf } from '../../../src/access/ids'
import { defineBlock } from '../../../src/plugin/blocks'
import type { Task } from '../../../src/payload-types'
import { headingField, headingOf } from './blockHeading'

/** How many open tasks the block lists, soonest due first. */
export const TASKS_LIMIT = 50

/**
 * Open tasks: those given to the signed-in person (`show: mine`, the default), or every open task
 * of the tenant their rules let them read (`show: tenant`), soonest due first, with an overdue mark
 * and a link to the request each came from. Read as the person through the one access path; the
 * assignee is shown only as "you" (the users behind other tasks, vendor staff among them, are not
 * the person's to read) and a task's notes are left out (they are the assignee's working notes).
 */
export const tasksBlock = defineBlock({
  slug: 'tasks',
  block: {
    slug: 'tasks',
    // The slug alone would name its GraphQL type "Tasks", which is the Tasks collection's list type.
    interfaceName: 'TasksBlock',
    labels: { singular: 'Tasks', plural: 'Tasks' },
    fields: [
      headingField,
      {
        name: 'show',
        type: 'select',
        required: true,
        defaultValue: 'mine',
        options: [
          { label: "The person's own tasks", value: 'mine' },
          { label: "The client account's tasks (as far as their role shows them)", value: 'tenant' },
        ],
      },
    ],
  },
  template: 'templates/portal/blocks/tasks.hbs',
  load: async ({ payload, user, tenant, base, config }) => {
    const mine = config.show !== 'tenant'
    const where: Where = {
      and: [
        { tenant: { equals: tenant.id } },
        { status: { equals: 'open' } },
        ...(mine ? [{ assignee: { equals: user.id } }] : []),
      ],
    }
    const { docs } = await payload.find({
      collection: Slugs.tasks,
      where,
      sort: 'due',
      limit: TASKS_LIMIT,
      pagination: false,
      depth: 0,
      user,
      overrideAccess: false,
    })
    const now = Date.now()
    const me = String(user.id)
    return {
      heading: headingOf(config, mine ? 'Your tasks' : 'Open tasks'),
      mine,
      items: (docs as Task[]).map((task) => {
        const request = idOf(task.request)
        return {
          id: String(task.id),
          title: task.title,
          due: task.due ?? '',
          overdue: Boolean(task.due && Date.parse(task.due) < now),
          yours: String(idOf(task.assignee)) === me,
          href: request === undefined ? '' : `${base}/requests/${String(request)}`,
        }
      }),
    }
  },
})
