/**
 * The one way Atrium renders a handlebars template: from the compile cache, over a plain copy of
 * the context, within a budget of work (renderBudget.ts). Every failure is a
 * {@link TemplateRenderError}, which a page replaces with a friendly error block.
 */
import { compiledTemplate, type TemplateSource } from './compileCache'
import { RUNTIME_OPTIONS } from './environment'
import { toPlainData } from './plainData'
import { DEFAULT_RENDER_LIMITS, withBudget, type RenderLimits } from './renderBudget'
import { TemplateRenderError } from './templateErrors'

/** What a render may be given besides the context. */
export interface RenderOptions extends Partial<RenderLimits> {
  /** Labels `{{t "key"}}` shows. */
  labels?: Readonly<Record<string, string>>
  /**
   * Markup for the partials the template may include (TemplateSource.partials), already rendered
   * by the caller from checked templates (a layout's `content`: its rendered blocks).
   */
  partials?: Readonly<Record<string, string>>
}

/** Renders `template` with `context` (plain data: see plainData.ts). */
export function renderTemplate(template: TemplateSource, context: unknown, options: RenderOptions = {}): string {
  const limits: RenderLimits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_RENDER_LIMITS.timeoutMs,
    maxIterations: options.maxIterations ?? DEFAULT_RENDER_LIMITS.maxIterations,
    maxOutputChars: options.maxOutputChars ?? DEFAULT_RENDER_LIMITS.maxOutputChars,
  }
  const render = compiledTemplate(template)
  const data = toPlainData(template.id, context)
  const output = withBudget(template.id, limits, () => {
    try {
      return render(data, {
        ...RUNTIME_OPTIONS,
        data: { labels: { ...options.labels } },
        partials: Object.fromEntries(Object.entries(options.partials ?? {}).map(([name, html]) => [name, () => html])),
      })
    } catch (error) {
      if (error instanceof TemplateRenderError) throw error
      // Strict mode's "x not defined", a partial the caller did not supply: the template's or loader's mistake.
      throw new TemplateRenderError(template.id, 'render_failed', (error as Error).message ?? String(error))
    }
  })
  if (output.length > limits.maxOutputChars) {
    throw new TemplateRenderError(template.id, 'output_too_large', `more than ${limits.maxOutputChars} characters`)
  }
  return output
}
