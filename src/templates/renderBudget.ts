/**
 * How much work one render may do. Handlebars renders synchronously, so no timer can interrupt a
 * render that loops too long: the event loop is not free until it returns. The budget is enforced
 * from inside instead: every iteration of `{{#each}}` (the only construct a checked template can
 * repeat, since partials are pre-rendered strings and helpers are pure) counts, checks the clock
 * and the output produced so far, and throws {@link TemplateRenderError} once a limit is passed.
 */
import { TemplateRenderError } from './templateErrors'

/** The limits of one render. */
export interface RenderLimits {
  /**
   * Wall-clock time, checked at every iteration: the backstop behind the two counts below, which
   * bound the work itself; generous, because a busy server's pauses count too. @default 250
   */
  timeoutMs: number
  /** Iterations of every `{{#each}}` in the render together. @default 10000 */
  maxIterations: number
  /**
   * Characters of output: of the whole, and of every loop body added up as it runs (a nested
   * loop's output counts at each level, so a loop that builds a huge page stops while it builds).
   * @default 2000000
   */
  maxOutputChars: number
}

/** The limits when a render names none. */
export const DEFAULT_RENDER_LIMITS: RenderLimits = { timeoutMs: 250, maxIterations: 10_000, maxOutputChars: 2_000_000 }

interface Budget {
  template: string
  limits: RenderLimits
  deadline: number
  iterations: number
  outputChars: number
}

// Renders are synchronous and never nest, so one current budget suffices; `withBudget` restores the
// previous one anyway so that a render started from inside another (a future helper) stays correct.
let current: Budget | undefined

/** Runs `render` with a fresh budget for `template`. */
export function withBudget<T>(template: string, limits: RenderLimits, render: () => T): T {
  const previous = current
  current = { template, limits, deadline: performance.now() + limits.timeoutMs, iterations: 0, outputChars: 0 }
  try {
    return render()
  } finally {
    current = previous
  }
}

/** Counts one iteration that produced `output` characters; throws when the render is over budget. */
export function spendIteration(outputChars: number): void {
  const budget = current
  // A render outside withBudget (there is none in Atrium) is not limited rather than refused.
  if (!budget) return
  budget.iterations += 1
  if (budget.iterations > budget.limits.maxIterations) {
    throw new TemplateRenderError(
      budget.template,
      'too_many_iterations',
      `more than ${budget.limits.maxIterations} iterations`,
    )
  }
  budget.outputChars += outputChars
  if (budget.outputChars > budget.limits.maxOutputChars) {
    throw new TemplateRenderError(
      budget.template,
      'output_too_large',
      `more than ${budget.limits.maxOutputChars} characters`,
    )
  }
  if (performance.now() > budget.deadline) {
    throw new TemplateRenderError(budget.template, 'too_slow', `longer than ${budget.limits.timeoutMs} ms`)
  }
}
