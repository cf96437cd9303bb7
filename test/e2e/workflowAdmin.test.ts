import type { Locator } from 'playwright-core'
import { Slugs } from '../../collections/slugs'
import { screenshot } from '../harness/browser'
import { useAdminServer } from '../harness/adminServer'

// Staff build a workflow in the admin UI through the structured editor (never the JSON box), see
// it drawn, test-run it, and find a published version frozen. One `npm start` on a fresh embedded
// database; the admin build is shared with the other browser tests (built once per source change).

describe('workflow definitions in the admin UI', () => {
  const admin = useAdminServer('workflow-admin')
  const api: typeof admin.api = (...args) => admin.api(...args)
  const signIn = () => admin.signIn()

  /** The state names the diagram draws, in its order. */
  const drawnStates = (editor: Locator) =>
    editor.locator('svg [data-state]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')))

  /** Clicks `button` until `shown` appears: a click that lands before React has hydrated the page does nothing. */
  const clickUntilShown = async (button: Locator, shown: Locator) => {
    for (let tries = 0; (await shown.count()) === 0 && tries < 20; tries++) {
      await button.click()
      await shown.waitFor({ timeout: 500 }).catch(() => undefined)
    }
  }

  let workflowId: string

  it('creates a workflow through the structured editor and draws it as it is edited', async () => {
    const { page, errors } = await signIn()
    await page.goto(`${admin.base}/admin/collections/${Slugs.workflowDefinitions}/create`)
    await page.locator('#field-title').fill('Equipment request')
    await page.locator('#field-key').fill('equipment-request')
    const editor = page.locator('.wf-definition')
    const state = (key: string) => editor.getByRole('listitem', { name: `State ${key}` })
    await editor.getByRole('img', { name: 'Diagram of 2 states' }).waitFor()

    // A manager approves; a rejection ends the request.
    await editor.getByRole('button', { name: 'Add approval state' }).click()
    await state('approval').getByLabel('Key').fill('manager')
    const manager = state('manager')
    await manager.getByRole('region', { name: 'Assignees' }).getByLabel('Role').fill('line-manager')
    await editor.getByRole('button', { name: 'Add final state' }).click()
    await state('end').getByLabel('Key').fill('rejected')
    await state('rejected').getByLabel('Outcome').selectOption('rejected')
    await manager.getByLabel('On approve').selectOption('done')
    await manager.getByLabel('On reject').selectOption('rejected')
    await manager.getByLabel('Reject reason codes').fill('too-expensive, not-needed')
    await manager.getByText('Entry actions').click()
    await manager.getByRole('button', { name: 'Add entry action' }).click()
    await manager.getByLabel('Template').selectOption('approval-requested')
    await manager.getByLabel('Recipient').selectOption('assignees')
    await state('draft').getByLabel('On submit').selectOption('manager')
    await editor.getByLabel('Cancel state').selectOption('rejected')

    await editor.getByRole('status', { name: 'Problems' }).getByText('No problems found.').waitFor()
    await editor.getByRole('img', { name: 'Diagram of 4 states' }).waitFor()
    expect(await drawnStates(editor)).toEqual(['draft', 'done', 'manager', 'rejected'])
    await screenshot(page, 'workflow-admin-editor')

    // A problem shows as it is made, and the save refuses it with the same words, naming the state.
    await manager.getByLabel('On reject').selectOption('')
    const problem = 'state "manager": an approval needs onReject (where a rejection leads)'
    await editor.getByRole('status', { name: 'Problems' }).getByText(problem).waitFor()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText(problem).nth(1).waitFor({ timeout: 20_000 })
    expect(page.url()).toMatch(/\/create$/)
    await screenshot(page, 'workflow-admin-refused')
    await manager.getByLabel('On reject').selectOption('rejected')

    await page.getByRole('button', { name: 'Save' }).click()
    await page
      .getByText(/successfully/i)
      .first()
      .waitFor({ timeout: 20_000 })
    await page.waitForURL(new RegExp(`/admin/collections/${Slugs.workflowDefinitions}/\\d+$`))
    workflowId = page.url().split('/').pop()!
    const stored = await api('GET', `/${Slugs.workflowDefinitions}/${workflowId}?depth=0`)
    expect(stored).toMatchObject({ key: 'equipment-request', version: 1, status: 'draft' })
    expect(stored.definition).toEqual({
      key: 'equipment-request',
      version: 1,
      initial: 'draft',
      cancel: 'rejected',
      states: [
        { key: 'draft', kind: 'form', onSubmit: 'manager' },
        { key: 'done', kind: 'final', outcome: 'done' },
        {
          key: 'manager',
          kind: 'approval',
          assignees: [{ role: 'line-manager', scope: 'client' }],
          policy: { kind: 'any' },
          onApprove: 'done',
          onReject: 'rejected',
          rejectReasons: ['too-expensive', 'not-needed'],
          changeReasons: [],
          onEnter: [{ type: 'notify', template: 'approval-requested', to: ['assignees'] }],
        },
        { key: 'rejected', kind: 'final', outcome: 'rejected' },
      ],
    })
    // After the save the page shows the stored definition, drawn.
    await editor.getByRole('img', { name: 'Diagram of 4 states' }).waitFor()
    // The one failure the browser reports is the refused save (400 on purpose).
    expect(errors).toEqual([expect.stringMatching(/status of 400 .*\/api\/workflow-definitions\?depth=0/)])
    await page.close()
  }, 120_000)

  it('test-runs the definition being edited and shows the path, refusals and effects', async () => {
    const { page, errors } = await signIn()
    await page.goto(`${admin.base}/admin/collections/${Slugs.workflowDefinitions}/${workflowId}`)
    const editor = page.locator('.wf-definition')
    const panel = editor.getByRole('region', { name: 'Test run' })
    await clickUntilShown(editor.getByRole('button', { name: 'Test run' }), panel)
    expect(await panel.getByLabel('Person').inputValue()).toBe('line-manager-1')
    await panel.getByRole('button', { name: 'Run', exact: true }).click()
    const result = panel.getByRole('region', { name: 'Test run result' })
    await result.waitFor()
    expect(await result.getByRole('list', { name: 'Path taken' }).getByRole('listitem').allInnerTexts()).toEqual([
      'draft',
      'manager',
      'done',
    ])
    await result.getByText('notify assignees with "approval-requested"').waitFor()
    // The path is lit in the diagram.
    expect(await editor.locator('.wf-diagram__node--lit').count()).toBe(3)
    await screenshot(page, 'workflow-admin-test-run')

    // A rejection without a reason code is refused; with one it ends in rejected.
    await panel.getByLabel('Event', { exact: true }).nth(1).selectOption('reject')
    await panel.getByRole('button', { name: 'Run', exact: true }).click()
    await result.getByText(/Refused \(reason_required\)/).waitFor()
    await panel.getByLabel('Reason code', { exact: true }).nth(1).fill('too-expensive')
    await panel.getByRole('button', { name: 'Run', exact: true }).click()
    await result.getByRole('list', { name: 'Path taken' }).getByText('rejected').waitFor()
    // Sample data that is not JSON is named before anything is sent.
    await panel.getByLabel('Sample data (JSON)').fill('{ amount: 12 ')
    await panel.getByRole('button', { name: 'Run', exact: true }).click()
    await panel.getByRole('alert').getByText('Sample data is not valid JSON').waitFor()
    expect(errors).toEqual([])
    await page.close()
  }, 90_000)

  it('shows a published version read-only', async () => {
    await api('PATCH', `/${Slugs.workflowDefinitions}/${workflowId}`, { status: 'published' })
    const { page, errors } = await signIn()
    await page.goto(`${admin.base}/admin/collections/${Slugs.workflowDefinitions}/${workflowId}`)
    const editor = page.locator('.wf-definition')
    await editor.getByText(/This version is published/).waitFor()
    expect(await editor.getByRole('listitem', { name: 'State manager' }).getByLabel('Key').isDisabled()).toBe(true)
    expect(await editor.getByRole('button', { name: 'Add approval state' }).count()).toBe(0)
    await editor.getByRole('img', { name: 'Diagram of 4 states' }).waitFor()
    // The JSON view is read-only too.
    await clickUntilShown(editor.getByRole('button', { name: 'Edit as JSON' }), editor.getByLabel('Definition as JSON'))
    expect(await editor.getByLabel('Definition as JSON').isDisabled()).toBe(true)
    await screenshot(page, 'workflow-admin-published')
    expect(errors).toEqual([])
    await page.close()
  }, 60_000)
})
