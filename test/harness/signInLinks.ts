/**
 * Reading sign-in links and invitations out of the test SMTP server, and the token rows behind them.
 */
import type { Payload } from 'payload'
import { Slugs } from '../../collections/slugs'
import type { SignInToken } from '../../src/payload-types'
import type { TestSmtpServer } from './smtpServer'

/** The messages `server` received for `to`. */
export const mailFor = (server: TestSmtpServer, to: string) =>
  server.received.filter((mail) => mail.envelope.to.includes(to))

/** The first link to `path` (a portal path such as `/sign-in/link`) in the latest email to `to`, as a path with its query. */
export function latestLink(server: TestSmtpServer, to: string, path: string): string {
  const mails = mailFor(server, to)
  const text = mails[mails.length - 1]?.parsed.text ?? ''
  const match = new RegExp(`https?://[^/\\s]+(/\\S*${path.replace(/\//g, '\\/')}\\?token=\\S+)`).exec(text)
  if (!match?.[1]) throw new Error(`no ${path} link in the latest email to ${to}: ${text}`)
  return match[1]
}

/** The token of a link path. */
export const tokenOf = (link: string): string => new URL(link, 'http://x').searchParams.get('token') ?? ''

/** Every sign-in token row, as stored. */
export async function tokenRows(payload: Payload): Promise<SignInToken[]> {
  const { docs } = await payload.find({
    collection: Slugs.signInTokens,
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  return docs
}

/** How many jobs are queued. */
export const queuedJobs = async (payload: Payload): Promise<number> =>
  (await payload.count({ collection: 'payload-jobs', overrideAccess: true })).totalDocs

/** The sign-in log's entries about `email`, oldest first, as [kind, outcome] pairs with their reason. */
export async function logOf(payload: Payload, email: string) {
  const { docs } = await payload.find({
    collection: Slugs.signInEvents,
    where: { email: { equals: email } },
    sort: 'createdAt',
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  return docs.map((doc) => ({ kind: doc.kind, outcome: doc.outcome, reason: doc.reason ?? null, ip: doc.ipAddress }))
}
