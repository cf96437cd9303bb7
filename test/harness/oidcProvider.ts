/**
 * A real OpenID provider for tests: oidc-provider on a loopback port, with one confidential
 * client and accounts the test controls (change an account's email or its verification between
 * sign-ins). Its development login and consent pages are the provider's own: any login name of
 * a known account and any password sign in. `signInAtProvider` walks those pages over HTTP as a
 * browser would, for tests without Chromium.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** A person at the provider; they type their subject at its login page. */
export interface TestAccount {
  subject: string
  email?: string
  emailVerified?: boolean
  name?: string
}

/** A running provider. */
export interface TestProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** Accounts by subject; change them freely between sign-ins. */
  accounts: Map<string, TestAccount>
  addAccount: (account: TestAccount) => TestAccount
  close: () => Promise<void>
}

/** What to register at the provider. */
export interface TestProviderOptions {
  redirectUris: string[]
  clientId?: string
  clientSecret?: string
}

/** Starts a provider on 127.0.0.1 with a client redirecting to `redirectUris`. */
export async function startOidcProvider(options: TestProviderOptions): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end()
  const server: Server = createServer((req, res) => handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const accounts = new Map<string, TestAccount>()
  const clientId = options.clientId ?? 'atrium'
  const clientSecret = options.clientSecret ?? `secret-of-${issuer}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Keys are generated per run; cookies need some key to be signed with.
    cookies: { keys: [`cookie-key-${issuer}`] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id)
      if (!account) return undefined
      return {
        accountId: account.subject,
        claims: () => ({
          sub: account.subject,
          ...(account.email !== undefined
            ? { email: account.email, email_verified: account.emailVerified ?? false }
            : {}),
          ...(account.name ? { name: account.name } : {}),
        }),
      }
    },
  })
  // The provider's development warnings say what a test provider is: not news in the test output.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server error', error))
  handle = provider.callback()
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    addAccount: (account) => {
      accounts.set(account.subject, account)
      return account
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A tiny cookie jar for one browser at the provider. */
class Jar {
  private readonly cookies = new Map<string, string>()
  header = () => [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim())
    }
  }
}

/**
 * Follows `authorizationUrl` through the provider's login (as `subject`) and consent pages, and
 * returns the URL the provider finally sends the browser to: the client's redirect URI with the
 * code, state and issuer (or an error).
 */
export async function signInAtProvider(authorizationUrl: string, subject: string): Promise<URL> {
  const jar = new Jar()
  const origin = new URL(authorizationUrl).origin
  let url = new URL(authorizationUrl)
  let body: URLSearchParams | undefined
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: body?.toString(),
    })
    jar.keep(response)
    body = undefined
    const location = response.headers.get('location')
    if (location) {
      const next = new URL(location, url)
      if (next.origin !== origin) return next
      url = next
      continue
    }
    const html = await response.text()
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (!prompt || !action)
      throw new Error(`the provider answered ${response.status} without a form: ${html.slice(0, 500)}`)
    url = new URL(action.replace(/&amp;/g, '&'), url)
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'any' } : { prompt })
  }
  throw new Error('the provider did not send the browser back within 20 steps')
}
