/**
 * The email templates under templates/emails render from the context the workflow's effects build:
 * every template, strict about unknown names, escaping HTML in the HTML part only, one-line subjects.
 */
import { emailTemplateNames, renderEmailTemplate } from '../../../src/email/emailTemplates'
import { requestEmailContext } from '../../../src/workflows/service/emailContext'
import { EXAMPLE_TEMPLATES } from '../../../src/workflows/examples'

const context = (over: { title?: string; comment?: string; kind?: 'staff' | 'client'; requester?: boolean } = {}) =>
  requestEmailContext({
    serverURL: 'https://portal.example',
    request: {
      id: 7,
      title: over.title ?? 'Forklift',
      state: 'financeLead',
      dueAt: null,
      promisedBy: null,
      requester: 9,
    },
    user: { id: over.requester ? 9 : 4, name: 'Dana', kind: over.kind ?? 'client' },
    tenant: { id: 3, name: 'Northwind', slug: 'northwind' },
    type: { singularLabel: 'Purchase request' },
    note: { reason: 'over-budget', ...(over.comment ? { comment: over.comment } : {}) },
  })

describe('email templates', () => {
  it('lists the templates the example workflows use', () => {
    expect(emailTemplateNames()).toEqual(expect.arrayContaining([...EXAMPLE_TEMPLATES]))
  })

  // The notifications' own templates (notification, notification-footer, notification-digest) render from their context: test/integration/notifications.test.ts, notificationDigests.test.ts.
  // The sign-in emails (sign-in-link, invitation) render from their own context: below.
  const SIGN_IN_TEMPLATES = ['sign-in-link', 'invitation']
  const requestTemplates = emailTemplateNames().filter(
    (name) => !name.startsWith('notification') && !SIGN_IN_TEMPLATES.includes(name),
  )

  it.each(requestTemplates)('renders %s from a request context with a subject, text and HTML', (name) => {
    const email = renderEmailTemplate(name, context())
    expect(email.subject).toMatch(/Forklift/)
    expect(email.subject).not.toMatch(/[\r\n]/)
    expect(email.text).toContain('https://portal.example/t/northwind/requests/7')
    expect(email.html).toContain('href="https://portal.example/t/northwind/requests/7"')
  })

  it('escapes HTML in the HTML part, and leaves the subject and text as written', () => {
    const email = renderEmailTemplate(
      'request-rejected',
      context({ title: '<b>A&B</b>', comment: '<script>x</script>' }),
    )
    expect(email.html).toContain('&lt;b&gt;A&amp;B&lt;/b&gt;')
    expect(email.html).toContain('&lt;script&gt;')
    expect(email.html).not.toContain('<script>')
    expect(email.subject).toBe('Not approved: <b>A&B</b>')
    expect(email.text).toContain('"<script>x</script>"')
  })

  it("links a requester to their request's page in the portal", () => {
    expect(renderEmailTemplate('request-approved', context({ requester: true })).text).toContain(
      'https://portal.example/t/northwind/requests/7',
    )
  })

  it('links staff to the admin and client users to the portal', () => {
    expect(renderEmailTemplate('approval-requested', context({ kind: 'staff' })).text).toMatch(
      /https:\/\/portal\.example\/admin\/collections\/requests\/7/,
    )
  })

  it('fails on a name the context does not have (strict mode) and on unknown templates', () => {
    expect(() => renderEmailTemplate('approval-requested', { request: {} })).toThrow()
    expect(() => renderEmailTemplate('no-such-template', context())).toThrow(/no email template/)
  })

  it.each(SIGN_IN_TEMPLATES)('renders %s with its link, escaping names in the HTML part only', (name) => {
    const url = 'https://portal.example/t/northwind/x?token=sl_abc'
    const email = renderEmailTemplate(name, {
      recipient: { name: 'Dana <b>' },
      inviter: { name: 'Ann <b>' },
      tenant: { name: 'Northwind & Co' },
      link: { url, lifetime: '15 minutes' },
    })
    expect(email.subject).toContain('Northwind & Co')
    expect(email.text).toContain(url)
    expect(email.html).toContain(`href="${url.replace('=', '&#x3D;')}"`)
    expect(email.html).toContain('Northwind &amp; Co')
    expect(email.html).not.toContain('<b>')
  })

  it('makes the subject one line whatever the data held', () => {
    const email = renderEmailTemplate('request-approved', context({ title: 'Forklift\r\nBcc: x@evil.test' }))
    expect(email.subject).toBe('Approved: Forklift Bcc: x@evil.test')
  })
})
