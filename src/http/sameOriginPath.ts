const ORIGIN = 'http://atrium.invalid'

/**
 * `value` as a path (with its query) on Atrium's own origin, after the browser's own normalisation
 * of `..` and `%2e`; undefined when it is anything else. Absolute and protocol-relative URLs,
 * back-slashes and control characters never pass: a redirect taken from a request must never lend
 * Atrium's sign-in pages to a phishing site.
 */
export function sameOriginPath(value: unknown): { path: string; search: string } | undefined {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//'))
    return undefined
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined
  let url: URL
  try {
    url = new URL(value, ORIGIN)
  } catch {
    return undefined
  }
  return url.origin === ORIGIN ? { path: url.pathname, search: url.search } : undefined
}
