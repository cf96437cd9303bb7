import { Slugs } from '../../collections/slugs'
import { MONACO_VS_URL } from '../../src/admin/monacoAssets'
import { useAdminServer } from '../harness/adminServer'
import { screenshot } from '../harness/browser'

// Payload's json fields edit with Monaco, which Atrium serves itself: the admin's
// Content-Security-Policy admits no CDN, and offline installations could not reach one. The demo
// seed plays workflows, whose events carry json details.

declare global {
  interface Window {
    /** Set by the page's own Monaco (editor.main). */
    monaco?: {
      editor: {
        getModels: () => { uri: unknown; setValue: (value: string) => void }[]
        getModelMarkers: (filter: { resource?: unknown }) => unknown[]
      }
    }
    /** What the browser refused under the page's Content-Security-Policy, collected by the test. */
    cspViolations?: string[]
  }
}

describe('json fields in the admin UI', () => {
  const atrium = useAdminServer('json-fields')

  it("shows a workflow event's detail in Monaco loaded from Atrium, with its workers, and nothing refused", async () => {
    const { base, token } = atrium
    const found = await fetch(`${base}/api/${Slugs.workflowEvents}?limit=1&depth=0&where[detail][exists]=true`, {
      headers: { authorization: `JWT ${token}` },
    })
    const event = ((await found.json()) as { docs: { id: number; detail: Record<string, unknown> }[] }).docs[0]!
    const [firstKey] = Object.keys(event.detail)

    const { page, errors } = await atrium.signIn()
    await page.addInitScript(() => {
      window.cspViolations = []
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations!.push(`${e.effectiveDirective} ${e.blockedURI}`),
      )
    })
    const foreign: string[] = []
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !/^(data|blob):/.test(req.url())) foreign.push(req.url())
    })
    const monacoFiles: string[] = []
    page.on('response', (res) => {
      if (res.url().includes(MONACO_VS_URL)) monacoFiles.push(`${res.status()} ${res.url()}`)
    })
    const workers: string[] = []
    page.on('worker', (worker) => workers.push(worker.url()))

    await page.goto(`${base}/admin/collections/${Slugs.workflowEvents}/${event.id}`)

    const editor = page.locator('.json-field .monaco-editor')
    await editor.waitFor({ timeout: 30_000 })
    await editor.locator('.view-lines').getByText(`"${firstKey}"`).waitFor()
    await screenshot(page, 'json-field-monaco')

    // The JSON language service runs in a worker: markers for broken JSON prove the worker answers.
    const markers = await page.evaluate(async () => {
      const model = window.monaco!.editor.getModels()[0]!
      model.setValue('{ "broken": ')
      for (let waited = 0; waited < 10_000; waited += 100) {
        const found = window.monaco!.editor.getModelMarkers({ resource: model.uri })
        if (found.length > 0) return found.length
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return 0
    })
    expect(markers).toBeGreaterThan(0)
    expect(workers.length).toBeGreaterThan(0)
    expect(workers.every((url) => url.startsWith(`blob:${base}/`))).toBe(true)

    expect(monacoFiles.length).toBeGreaterThan(0)
    expect(monacoFiles.filter((line) => !line.startsWith('200 '))).toEqual([])
    expect(foreign).toEqual([])
    expect(await page.evaluate(() => window.cspViolations)).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)
})
