/**
 * The helpers a staff-edited template may call besides the built-in block helpers. Each is pure:
 * it reads only its arguments (and the render's labels), returns a string, and never throws on bad
 * data, so a wrong value in one cell shows as empty text instead of failing the whole page.
 */
import type { HelperOptions } from 'handlebars'

/** The built-in block helpers templates may use; `lookup`, `log` and the "missing" hooks are not among them. */
export const BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with'] as const

const asDate = (value: unknown): Date | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

// Building an Intl formatter costs far more than using one (≈0.1 ms against 1 µs): keep them,
// bounded since locale, zone and currency come from templates.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let found = formatters.get(key) as T | undefined
  if (!found) {
    found = make()
    if (formatters.size >= 200) formatters.clear()
    formatters.set(key, found)
  }
  return found
}

const hashOf = (args: unknown[]): Record<string, unknown> =>
  ((args[args.length - 1] as HelperOptions | undefined)?.hash ?? {}) as Record<string, unknown>

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined

/** `{{formatDate value}}`, `{{formatDate value style="long" timeZone="Europe/Paris" locale="fr"}}`: a date as people read it. */
export function formatDate(value: unknown, ...rest: unknown[]): string {
  const date = asDate(value)
  if (!date) return ''
  const hash = hashOf(rest)
  const style = ['full', 'long', 'medium', 'short'].includes(hash.style as string) ? hash.style : 'medium'
  try {
    const locale = textOf(hash.locale) ?? 'en-GB'
    const timeZone = textOf(hash.timeZone) ?? 'UTC'
    return formatter(
      `date|${locale}|${String(style)}|${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { dateStyle: style as Intl.DateTimeFormatOptions['dateStyle'], timeZone }),
    ).format(date)
  } catch {
    // An unknown locale or time zone typed by staff: the ISO date still says when.
    return date.toISOString().slice(0, 10)
  }
}

/** `{{formatMoney amount "EUR"}}`: an amount with its currency; a bad currency code shows the bare number. */
export function formatMoney(amount: unknown, currency: unknown, ...rest: unknown[]): string {
  const value = typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : amount
  if (typeof value !== 'number' || !Number.isFinite(value)) return ''
  const locale = textOf(hashOf(rest).locale) ?? 'en-GB'
  try {
    const code = textOf(currency) ?? 'EUR'
    return formatter(
      `money|${locale}|${code}`,
      () => new Intl.NumberFormat(locale, { style: 'currency', currency: code }),
    ).format(value)
  } catch {
    return formatter('number', () => new Intl.NumberFormat('en-GB')).format(value)
  }
}

/** `{{t "status.open"}}`: the label the render was given for a key (render's `labels`), or the key itself. */
export function t(key: unknown, ...rest: unknown[]): string {
  if (typeof key !== 'string') return ''
  const labels = (rest[rest.length - 1] as HelperOptions | undefined)?.data?.labels as
    | Record<string, unknown>
    | undefined
  const label = labels && Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined
  return typeof label === 'string' ? label : key
}

/** The URL schemes a link may use; anything else (javascript:, data:, vbscript:) is dropped. */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/**
 * `href="{{safeUrl url}}"`: the URL when it is relative or uses a safe scheme, otherwise `#`.
 * Handlebars escapes `& < > " ' \` =` in `{{ }}`, which keeps a value inside a quoted attribute,
 * but a `javascript:` URL needs none of those characters: that is what this helper stops.
 */
export function safeUrl(value: unknown): string {
  if (typeof value !== 'string') return '#'
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): so do we.
  // eslint-disable-next-line no-control-regex
  const url = value.trim().replace(/[\u0000-\u001f\u007f]/g, '')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/\s/g, ''))
  if (!scheme) return url.startsWith('//') || url.startsWith('\\') ? '#' : url
  return SAFE_SCHEMES.has(scheme[1]!.toLowerCase() + ':') ? url : '#'
}

/** The registered helpers, by the name templates call them. */
export const TEMPLATE_HELPERS = { formatDate, formatMoney, t, safeUrl } as const

/** Every helper name a template may call. */
export const ALLOWED_HELPERS: ReadonlySet<string> = new Set([...BUILT_IN_HELPERS, ...Object.keys(TEMPLATE_HELPERS)])
