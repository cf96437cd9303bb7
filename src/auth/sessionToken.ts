/**
 * The JWT of a session never claims to outlive it. Payload signs every token for the collection's
 * tokenExpiration (the longest lifetime staff may choose, sessionGate.ts); after a sign-in, a
 * password reset or a refresh this re-signs it to expire when the session's lifetime ends, so that
 * a refresh cannot carry a session past it and the admin UI's own timers see the real end. The
 * gate refuses the session at that time whatever the token says; this makes the token agree.
 */
import { jwtSign, type CollectionAfterOperationHook } from 'payload'
import { limitsFor, type SessionHolder, type StoredSession } from './sessionGate'
import { sessionPolicy } from './sessionPolicy'

/** The operations whose result carries a freshly signed token, and where they keep it. */
const TOKEN_OF = { login: 'token', resetPassword: 'token', refresh: 'refreshedToken' } as const

type Claims = Record<string, unknown> & { exp?: number; iat?: number; sid?: string }

const claimsOf = (token: string): Claims =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims

/** Re-signs the token of a sign-in, reset or refresh to end with its session (see the module comment). */
export const capTokenToLifetime: CollectionAfterOperationHook = async ({ operation, req, result }) => {
  if (!Object.hasOwn(TOKEN_OF, operation)) return result
  const key = TOKEN_OF[operation as keyof typeof TOKEN_OF]
  const output = result as Record<string, unknown> & { exp?: number; user?: SessionHolder }
  const token = output?.[key]
  if (typeof token !== 'string') return result
  const { iat: _issued, exp, ...fieldsToSign } = claimsOf(token)
  const signedIn = req.user as (SessionHolder & { _sid?: string; sessions?: StoredSession[] | null }) | null
  // A refresh keeps its session's sign-in time; a sign-in or reset has just opened its session.
  const session =
    operation === 'refresh' ? signedIn?.sessions?.find((candidate) => candidate.id === fieldsToSign.sid) : undefined
  const createdAt = operation === 'refresh' ? Date.parse(String(session?.createdAt)) : Date.now()
  if (Number.isNaN(createdAt) || exp === undefined) return result
  const holder = output.user ?? signedIn ?? {}
  const ends = Math.floor(
    (createdAt + limitsFor(holder, await sessionPolicy(req.payload)).lifetimeHours * 3600_000) / 1000,
  )
  if (exp <= ends) return result
  const signed = await jwtSign({
    fieldsToSign,
    secret: req.payload.secret,
    tokenExpiration: Math.max(1, ends - Math.floor(Date.now() / 1000)),
  })
  return { ...output, [key]: signed.token, exp: signed.exp }
}
