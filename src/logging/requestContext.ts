/**
 * The request a piece of code is running for, carried through async calls with AsyncLocalStorage,
 * so that every log line written while serving a request (Payload's own included) names it.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { SignInBackoff } from '../auth/signInBackoff'

/** What Atrium knows about the request being served. */
export interface RequestContext {
  requestId: string
  /** The client's address, as far as the trusted-proxy setting lets express tell. */
  clientAddress?: string
  /** The client's User-Agent header, for the sign-in log. */
  userAgent?: string
  /** The sign-in backoff of the app serving the request; Payload's login hooks find it here, whatever the door. */
  signInBackoff?: SignInBackoff
}

const storage = new AsyncLocalStorage<RequestContext>()

/** Runs `fn` with `context` as the current request context. */
export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

/** The current request context, if the caller is serving a request. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore()
}
