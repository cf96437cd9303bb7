/**
 * A real SMTP server on a free local port (the smtp-server package), for tests that send email and
 * read what arrived: each accepted message is kept, parsed by mailparser, with its SMTP envelope.
 */
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

/** A message as the server received it. */
export interface ReceivedEmail {
  /** MAIL FROM and RCPT TO, as the client sent them. */
  envelope: { from: string; to: string[] }
  parsed: ParsedMail
  /** The message exactly as it arrived, headers included. */
  raw: string
}

/** A running test SMTP server. */
export interface TestSmtpServer {
  /** SMTP_URL for Atrium, with the credentials the server expects. */
  url: string
  received: ReceivedEmail[]
  /** Recipients (RCPT TO) this server answers with 550 from now on. */
  refuse: Set<string>
  /** Milliseconds the server waits before answering each RCPT TO (a slow server; 0 by default). */
  slowRcptMs: number
  /** The recipients of RCPT TO commands waiting for their answer now (a client is mid-send). */
  waitingRcpt: string[]
  close: () => Promise<void>
}

/** The user and password the server accepts. */
export const SMTP_LOGIN = { user: 'atrium', pass: 'p@ss:word/1' } as const

/** Starts an SMTP server on 127.0.0.1 that requires SMTP_LOGIN (plain text: it is a test). */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = []
  const refuse = new Set<string>()
  const server = { slowRcptMs: 0, waitingRcpt: [] as string[] }
  const options: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_LOGIN.user && auth.password === SMTP_LOGIN.pass)
        callback(null, { user: auth.username })
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, callback) {
      const answer = () => {
        if (refuse.has(address.address)) {
          callback(Object.assign(new Error(`<${address.address}>: Recipient address rejected`), { responseCode: 550 }))
        } else callback()
      }
      if (server.slowRcptMs === 0) return answer()
      server.waitingRcpt.push(address.address)
      setTimeout(() => {
        server.waitingRcpt.splice(server.waitingRcpt.indexOf(address.address), 1)
        answer()
      }, server.slowRcptMs)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        }
        simpleParser(raw).then(
          (parsed) => {
            received.push({ envelope, parsed, raw })
            callback()
          },
          (err: Error) => callback(err),
        )
      })
    },
  }
  const smtp = new SMTPServer(options)
  // A client that dies mid-conversation (a killed job runner) resets its connection: that is its problem, not the server's.
  smtp.on('error', () => undefined)
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const { port } = smtp.server.address() as AddressInfo
  const credentials = `${encodeURIComponent(SMTP_LOGIN.user)}:${encodeURIComponent(SMTP_LOGIN.pass)}`
  return Object.assign(server, {
    url: `smtp://${credentials}@127.0.0.1:${port}`,
    received,
    refuse,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  })
}

/**
 * A test SMTP server for the whole test file, started before its suites and closed after them:
 * `const smtp = useSmtpServer()`, then `smtp.server.url` once the suites run.
 */
export function useSmtpServer(): { server: TestSmtpServer } {
  const handle = {} as { server: TestSmtpServer }
  beforeAll(async () => {
    handle.server = await startSmtpServer()
  })
  afterAll(async () => {
    await handle.server.close()
  })
  return handle
}
