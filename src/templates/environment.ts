/**
 * Atrium's one handlebars environment: every template (portal layouts and blocks, emails) is
 * compiled and rendered here, never with the global `Handlebars`, so no other code can register a
 * helper or partial that templates would reach.
 *
 * It holds the built-in block helpers (`each` wrapped to count iterations, see renderBudget.ts)
 * and the pure helpers of helpers.ts. `lookup` and `log` are removed: `lookup` reads any property
 * by a computed name, and `log` writes template-controlled text to the server's log.
 */
import Handlebars, { type HelperOptions, type RuntimeOptions, type TemplateDelegate } from 'handlebars'
import { TEMPLATE_HELPERS } from './helpers'
import { spendIteration } from './renderBudget'

/** The handlebars environment templates compile and run in. */
export const templateEnvironment = Handlebars.create()

templateEnvironment.unregisterHelper('lookup')
templateEnvironment.unregisterHelper('log')
templateEnvironment.registerHelper(TEMPLATE_HELPERS)

const each = templateEnvironment.helpers.each as (this: unknown, context: unknown, options: HelperOptions) => string
templateEnvironment.registerHelper('each', function (this: unknown, context: unknown, options: HelperOptions) {
  const fn = options.fn
  const counted: TemplateDelegate = (value, runtime) => {
    const output = fn(value, runtime)
    spendIteration(output.length)
    return output
  }
  return each.call(this, context, { ...options, fn: counted })
})

/** How every template compiles: strict about names, and only the helpers registered above. */
export const compileOptions = (escape: boolean): CompileOptions => ({
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true])),
  // Only HTML is HTML: escaping an email's subject or text part would show "&amp;" to the reader.
  noEscape: !escape,
})

/** Handlebars' compile options (the types do not export them by name). */
export type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>

/** How every template runs: no property or method that is not the data's own. */
export const RUNTIME_OPTIONS: RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
}
