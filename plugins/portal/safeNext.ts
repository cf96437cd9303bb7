import { RESERVED_PATHS } from '../../src/plugin/routes'

const ORIGIN = 'http://portal.invalid'

/**
 * Where to go after sign-in: `next` when it is a relative path inside the same tenant's portal
 * (under `base`, after the browser's own normalisation of `..` and `%2e`), otherwise the portal's
 * home. Absolute and protocol-relative URLs, back-slashes and control characters never pass: an
 * open redirect would lend the tenant's sign-in page to a phishing site.
 */
export function safeNext(value: unknown, base: string): string {
  const home = `${base}/`
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//')) return home
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return home
  let url: URL
  try {
    url = new URL(value, ORIGIN)
  } catch {
    return home
  }
  const path = url.pathname
  if (url.origin !== ORIGIN || !(path === base || path.startsWith(home))) return home
  // On a custom domain (base ''), Atrium's own areas and other tenants' paths are not the portal.
  if (base === '' && (path.startsWith('/t/') || RESERVED_PATHS.some((p) => path === p || path.startsWith(`${p}/`))))
    return home
  if (path === `${base}/sign-in` || path === `${base}/sign-out`) return home
  return `${path}${url.search}`
}
