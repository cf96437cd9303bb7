import { sameOriginPath } from '../../src/http/sameOriginPath'
import { RESERVED_PATHS } from '../../src/plugin/routes'

/**
 * Where to go after sign-in: `next` when it is a same-origin path (src/http/sameOriginPath.ts)
 * inside the same tenant's portal (under `base`, after the browser's own normalisation of `..`
 * and `%2e`), otherwise the portal's home. An open redirect would lend the tenant's sign-in page
 * to a phishing site.
 */
export function safeNext(value: unknown, base: string): string {
  const home = `${base}/`
  const target = sameOriginPath(value)
  if (!target) return home
  const { path, search } = target
  if (!(path === base || path.startsWith(home))) return home
  // On a custom domain (base ''), Atrium's own areas and other tenants' paths are not the portal.
  if (base === '' && (path.startsWith('/t/') || RESERVED_PATHS.some((p) => path === p || path.startsWith(`${p}/`))))
    return home
  if (path === `${base}/sign-in` || path === `${base}/sign-out`) return home
  return `${path}${search}`
}
