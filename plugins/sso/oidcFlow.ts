/**
 * The authorization code flow with PKCE, state and nonce, as openid-client runs it: `startFlow`
 * remembers a new sign-in (flowCookie.ts) and answers where to send the browser; `finishFlow`
 * checks the provider's answer against it (state first, here, in constant time; then openid-client
 * checks the `iss` response parameter, exchanges the code with the verifier, and checks the ID
 * token's signature, issuer, audience, expiry and nonce) and returns who the provider says it is.
 * Every refusal is one of the `sso_*` errors, so the page says which check failed.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Request, Response } from 'express'
import * as oidc from 'openid-client'
import { Errors, type HttpError } from '../../src/http/errors'
import { FLOW_TTL_SECONDS, setFlowCookie, takeFlowCookie, type FlowCookieOptions } from './flowCookie'
import { oidcConfiguration, type OidcClientSettings } from './oidcClient'

/** Who the provider says signed in. */
export interface SsoClaims {
  issuer: string
  subject: string
  /** Lower-cased, as the provider gave it; undefined when it gave none. */
  email: string | undefined
  /** Only `true` from the provider counts: absent or "true" as text is not verified. */
  emailVerified: boolean
  /** The person's name, if the provider gave one. */
  name: string | undefined
}

/** A sign-in about to start: whom it is for, where the provider sends the answer, where to go after. */
export interface FlowStart {
  binding: string
  redirectUri: string
  next: string
  cookie: FlowCookieOptions
}

const SCOPE = 'openid email profile'

/** Remembers a new sign-in in the browser and returns the provider's authorization URL for it. */
export async function startFlow(
  res: Response,
  secret: string,
  settings: OidcClientSettings,
  start: FlowStart,
): Promise<URL> {
  const configuration = await discovered(settings)
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  setFlowCookie(
    res,
    {
      binding: start.binding,
      state,
      nonce,
      codeVerifier,
      redirectUri: start.redirectUri,
      next: start.next,
      expiresAt: Math.floor(Date.now() / 1000) + FLOW_TTL_SECONDS,
    },
    secret,
    start.cookie,
  )
  return oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: start.redirectUri,
    scope: SCOPE,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Checks the provider's answer in `req` against the sign-in this browser started for `binding`,
 * and returns the claims and where to go next. Throws an `sso_*` HttpError.
 */
export async function finishFlow(
  req: Request,
  res: Response,
  secret: string,
  settings: OidcClientSettings,
  binding: string,
  cookie: FlowCookieOptions,
): Promise<{ claims: SsoClaims; next: string }> {
  const flow = takeFlowCookie(req, res, secret, cookie)
  const state = typeof req.query.state === 'string' ? req.query.state : ''
  if (!flow || flow.binding !== binding || !state || !sameText(state, flow.state)) throw Errors.ssoStateInvalid()
  const configuration = await discovered(settings)
  // The URL the provider sent the browser to, as openid-client reads it: the registered redirect with this query.
  const current = new URL(flow.redirectUri)
  current.search = new URL(req.originalUrl, current.origin).search
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    })
    const idToken = tokens.claims()
    if (!idToken) throw Errors.ssoProviderRefused('it sent no ID token')
    let { email, email_verified: verified, name } = idToken
    // Providers that follow the specification to the letter give the email only at the userinfo endpoint.
    if (typeof email !== 'string') {
      const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
      ;({ email, email_verified: verified, name } = info)
    }
    return {
      claims: {
        issuer: idToken.iss,
        subject: idToken.sub,
        email: plainEmail(email),
        emailVerified: verified === true,
        name: typeof name === 'string' && name.trim() ? name.trim() : undefined,
      },
      next: flow.next,
    }
  } catch (error) {
    throw flowError(error)
  }
}

// An address a person could have: one @, no spaces, quotes, brackets or control characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const PLAIN_EMAIL = /^[^\s@<>()[\]",;:\\\u0000-\u001f\u007f]{1,64}@[a-z0-9.-]{1,253}$/

/** The provider's email lower-cased, when it is a plain address; anything else counts as none. */
function plainEmail(value: unknown): string | undefined {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : ''
  return PLAIN_EMAIL.test(email) ? email : undefined
}

async function discovered(settings: OidcClientSettings): Promise<oidc.Configuration> {
  try {
    return await oidcConfiguration(settings)
  } catch {
    throw Errors.ssoProviderUnreachable()
  }
}

/** Which check a failure of openid-client is, as one of the `sso_*` errors. */
export function flowError(error: unknown): HttpError {
  if (error instanceof Error && 'id' in error && 'status' in error) return error as HttpError
  if (error instanceof oidc.AuthorizationResponseError) return Errors.ssoProviderRefused(error.error)
  // The token endpoint refused the code: used before (a replay), expired, or not for this verifier.
  if (error instanceof oidc.ResponseBodyError) {
    return error.error === 'invalid_grant' ? Errors.ssoCodeRejected() : Errors.ssoProviderRefused(error.error)
  }
  // openid-client's ClientError wraps oauth4webapi's error, whose own cause names the claim compared.
  type Coded = { code?: string; message?: string; cause?: unknown }
  const outer = (error ?? {}) as Coded
  const inner = (outer.cause instanceof Error ? outer.cause : outer) as Coded
  const code = outer.code
  const message = inner.message ?? ''
  const cause = (inner.cause ?? {}) as { claim?: string }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && cause?.claim === 'nonce') return Errors.ssoNonceMismatch()
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && cause?.claim === 'iss') return Errors.ssoIssuerMismatch()
  if (code === 'OAUTH_INVALID_RESPONSE' && /"iss"/.test(message)) return Errors.ssoIssuerMismatch()
  if (code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(message)) return Errors.ssoStateInvalid()
  // Anything else (a network failure, metadata not as expected): the original goes to the log with it.
  return Object.assign(Errors.ssoProviderUnreachable(), { cause: error })
}
