/**
 * The one test of a redirect target taken from a request (the portal's `next` and `back`, a
 * notification's link, the admin's `redirect`): only a path on this origin passes, as the browser
 * will resolve it. An open redirect would lend Atrium's sign-in pages to a phishing site.
 */

const ORIGIN = 'http://same-origin.invalid'
/** The longest target kept; longer ones are nobody's bookmark. */
export const MAX_REDIRECT_LENGTH = 2000

// A path whose first segment is an encoded slash or back-slash (any depth of %25): a decoder on
// the way (a proxy, a framework's router) could turn it into //host.
const ENCODED_SLASH_FIRST = /^\/%(?:25)*(?:2f|5c)/i
// An encoded control character (CR, LF, NUL, tab …) anywhere: never part of a real link.
const ENCODED_CONTROL = /%(?:25)*(?:[01][0-9a-f]|7f)/i
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const RAW_UNSAFE = /[\\\u0000-\u001f\u007f]/

const unsafe = (path: string) => !path.startsWith('/') || path.startsWith('//') || ENCODED_SLASH_FIRST.test(path)

/** A same-origin target: its path and its query (with its `?`, or empty). */
export interface SameOriginPath {
  path: string
  search: string
}

/**
 * `value` as a same-origin path and query (normalised: `..` and `%2e` resolved), or undefined
 * for anything else: absolute and protocol-relative URLs (`//host`, `/\host`, `/.//host`), other
 * schemes (`javascript:`), back-slashes, raw or encoded control characters (CR/LF), encoded slashes
 * at the start, and values that are not text or longer than {@link MAX_REDIRECT_LENGTH}.
 */
export function sameOriginPath(value: unknown): SameOriginPath | undefined {
  if (typeof value !== 'string' || value.length > MAX_REDIRECT_LENGTH) return undefined
  if (unsafe(value) || RAW_UNSAFE.test(value) || ENCODED_CONTROL.test(value)) return undefined
  if (!URL.canParse(value, ORIGIN)) return undefined
  const url = new URL(value, ORIGIN)
  // Normalising may have made a host of it: /.//evil.test resolves to the path //evil.test.
  if (url.origin !== ORIGIN || unsafe(url.pathname)) return undefined
  return { path: url.pathname, search: url.search }
}

/** `value` as a same-origin `/path?query`, or undefined (see {@link sameOriginPath}). */
export function sameOriginHref(value: unknown): string | undefined {
  const target = sameOriginPath(value)
  return target && `${target.path}${target.search}`
}
