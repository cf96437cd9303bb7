/**
 * Decides whether a template's source is safe to store and compile: it is parsed and every node of
 * its syntax tree is looked at, and every problem is reported with its line and column, so that
 * staff fix them all at once. What is refused, and why:
 * - unescaped output (`{{{x}}}`, `{{& x}}`): data would become markup (script);
 * - decorators (`{{* x}}`, `{{#* inline}}`): they run code at compile and render time;
 * - dynamic partials (`{{> (expr)}}`) and any partial not named in `partials`: a partial is markup
 *   the caller supplies (a layout's rendered blocks), never a template chosen by data;
 * - a helper that is not registered (helpers.ts): only pure code may run, and `lookup` would read
 *   any property by a computed name;
 * - a path through `constructor`, `prototype`, `__proto__` or any `__name`: the ways to a function;
 * - in HTML, data where escaping does not protect it (htmlContext.ts): in `<script>`, `<style>`
 *   or an event handler attribute, or at the start of a URL attribute without `safeUrl`.
 */
import { ALLOWED_HELPERS } from './helpers'
import { compileOptions, templateEnvironment } from './environment'
import { unsafeHtmlContext } from './htmlContext'
import type { TemplateProblem } from './templateErrors'

/** What a template may use besides the registered helpers. */
export interface CheckOptions {
  /** Partial names the caller provides at render time (e.g. a layout's `content`). @default [] */
  partials?: readonly string[]
  /** Whether the output is HTML (URL attributes are checked). @default true */
  html?: boolean
}

/** The names no path may go through. */
const FORBIDDEN_SEGMENT = /^(?:constructor|prototype|__.*)$/

interface Node {
  type: string
  loc?: { start: { line: number; column: number } }
  [key: string]: unknown
}

/** Every problem of `source`; an empty list means it may be stored and compiled. */
export function checkTemplate(source: string, options: CheckOptions = {}): TemplateProblem[] {
  let program: Node
  try {
    program = templateEnvironment.parse(source) as unknown as Node
  } catch (error) {
    return [syntaxProblem(error)]
  }
  const problems: TemplateProblem[] = []
  visit(program, { problems, partials: new Set(options.partials ?? []), html: options.html ?? true })
  if (problems.length > 0) return problems
  try {
    // What the walk let through must compile under the options renders use (block params, nesting).
    templateEnvironment.precompile(program as never, compileOptions(options.html ?? true))
  } catch (error) {
    return [syntaxProblem(error)]
  }
  return []
}

interface CheckState {
  problems: TemplateProblem[]
  partials: ReadonlySet<string>
  html: boolean
}

function report(walk: CheckState, node: Node | undefined, message: string): void {
  const start = node?.loc?.start
  walk.problems.push({ line: start?.line ?? 1, column: start ? start.column + 1 : undefined, message })
}

function syntaxProblem(error: unknown): TemplateProblem {
  const {
    message = String(error),
    lineNumber,
    column,
  } = error as { message?: string; lineNumber?: number; column?: number }
  const line = lineNumber ?? Number(/on line (\d+)/.exec(message)?.[1] ?? 1)
  // The parser's message repeats the source around the error: its first line says what is wrong.
  const summary =
    message
      .split('\n')
      .filter((part) => !/^-*\^$/.test(part))
      .at(-1) ?? message
  return { line, ...(column !== undefined ? { column: column + 1 } : {}), message: `syntax error: ${summary}` }
}

/** The name a mustache, block or sub-expression calls or reads. */
function nameOf(path: Node): string {
  return path.type === 'PathExpression' ? String(path.original) : String(path.value)
}

/** Whether `path` names a helper in the simple form `name` (not `this.name`, `../name` or `@name`). */
const isSimpleName = (path: Node) =>
  path.type !== 'PathExpression' ||
  ((path.parts as string[]).length === 1 &&
    !path.data &&
    path.depth === 0 &&
    path.original === (path.parts as string[])[0])

function checkHelperCall(walk: CheckState, node: Node, path: Node): void {
  const name = nameOf(path)
  if (!isSimpleName(path) || !ALLOWED_HELPERS.has(name)) {
    report(walk, node, `"${name}" is not a helper templates may call (allowed: ${[...ALLOWED_HELPERS].join(', ')})`)
  }
}

function checkPath(walk: CheckState, node: Node): void {
  const parts = node.type === 'PathExpression' ? (node.parts as string[]) : [String(node.value)]
  const bad = parts.find((part) => FORBIDDEN_SEGMENT.test(part))
  if (bad !== undefined) report(walk, node, `"${bad}" may not be read: it leads to the data's prototype`)
  // `lookup`, `log` and handlebars' own hooks are helpers a bare mustache would call.
  else if (parts.length === 1 && /^(?:lookup|log|helperMissing|blockHelperMissing)$/.test(parts[0]!))
    report(walk, node, `"${parts[0]}" is not a helper templates may call`)
}

function walkAll(nodes: unknown, walk: CheckState): void {
  if (Array.isArray(nodes)) for (const node of nodes) visit(node as Node, walk)
}

function walkCall(node: Node, walk: CheckState): void {
  walkAll(node.params, walk)
  walkAll(
    (node.hash as { pairs?: { value: Node }[] } | undefined)?.pairs?.map((pair) => pair.value),
    walk,
  )
}

function visit(node: Node | undefined, walk: CheckState): void {
  if (!node) return
  switch (node.type) {
    case 'Program':
      return walkProgram(node, walk)
    case 'Decorator':
    case 'DecoratorBlock':
      return report(walk, node, 'decorators ({{* …}}, {{#* inline}}) are not allowed')
    case 'MustacheStatement': {
      const path = node.path as Node
      if (!node.escaped)
        report(walk, node, `unescaped output ({{{ }}} or {{& }}) is not allowed: use {{${nameOf(path)}}}`)
      if ((node.params as unknown[]).length > 0 || node.hash) checkHelperCall(walk, node, path)
      else if (!ALLOWED_HELPERS.has(nameOf(path)) || !isSimpleName(path)) checkPath(walk, path)
      return walkCall(node, walk)
    }
    case 'BlockStatement':
      checkHelperCall(walk, node, node.path as Node)
      walkCall(node, walk)
      visit(node.program as Node | undefined, walk)
      return visit(node.inverse as Node | undefined, walk)
    case 'SubExpression':
      checkHelperCall(walk, node, node.path as Node)
      return walkCall(node, walk)
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return walkPartial(node, walk)
    case 'PathExpression':
      return checkPath(walk, node)
    default:
      return // content, comments and literal parameters are data, not code
  }
}

function walkPartial(node: Node, walk: CheckState): void {
  const name = node.name as Node
  if (name.type === 'SubExpression') report(walk, node, 'dynamic partials ({{> (…)}}) are not allowed')
  else if (!walk.partials.has(nameOf(name))) {
    const allowed = walk.partials.size > 0 ? `only ${[...walk.partials].join(', ')}` : 'none here'
    report(walk, node, `the partial "${nameOf(name)}" is not one this template may include (${allowed})`)
  } else if ((node.params as unknown[]).length > 0 || node.hash) {
    report(walk, node, `the partial "${nameOf(name)}" takes no parameters`)
  }
  visit(node.program as Node | undefined, walk)
}

function walkProgram(node: Node, walk: CheckState): void {
  // The markup before each statement, in this block: what decides where a value lands (htmlContext.ts).
  let markup = ''
  for (const statement of node.body as Node[]) {
    if (statement.type === 'ContentStatement') markup += String(statement.value)
    else if (walk.html && (statement.type === 'MustacheStatement' || statement.type === 'BlockStatement')) {
      const unsafe = unsafeHtmlContext(markup, nameOf(statement.path as Node) === 'safeUrl')
      if (unsafe) report(walk, statement, unsafe)
      markup += 'x' // an escaped value opens and closes nothing
    }
    visit(statement, walk)
  }
}
