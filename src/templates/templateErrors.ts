/**
 * The errors of rendering a template. They are not HTTP errors: a page catches them per block and
 * shows a friendly error block in its place, so one broken template never takes a page down.
 */

/** Why a render failed. */
export type TemplateFailure =
  | 'too_many_iterations'
  | 'output_too_large'
  | 'too_slow'
  | 'invalid_template'
  | 'invalid_data'
  | 'render_failed'

/** A render that failed; `reason` says why, `template` which one. */
export class TemplateRenderError extends Error {
  constructor(
    readonly template: string,
    readonly reason: TemplateFailure,
    detail: string,
  ) {
    super(`Template ${template} failed (${reason}): ${detail}`)
    this.name = 'TemplateRenderError'
  }
}

/** One thing wrong with a template's source, where it is. */
export interface TemplateProblem {
  line: number
  /** 1-based; absent when the parser does not say (syntax errors). */
  column?: number
  message: string
}

/** How a problem reads in a message: "line 3, column 5: …". */
export const describeProblem = (problem: TemplateProblem): string =>
  `line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}: ${problem.message}`
