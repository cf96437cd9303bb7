/**
 * Where in HTML a `{{value}}` lands, judged from the markup before it. Handlebars escapes the same
 * characters wherever the value goes, which is safe in text and quoted attributes but not in
 * places a browser decodes and then runs: an event handler attribute (`onclick="go('{{x}}')"`: the
 * browser turns `&#x27;` back into a quote before the script runs), a `<script>` or `<style>`
 * element, or the start of a URL attribute (`javascript:` needs no escaped character).
 */

/** An attribute whose value is a URL, open and waiting for its value. */
const URL_ATTRIBUTE_OPEN =
  /\s(?:href|src|action|formaction|poster|srcset|xlink:href|background|cite|data)\s*=\s*["']?$/i

/** An event handler attribute whose value is still open. */
const EVENT_ATTRIBUTE_OPEN = /\son[a-z]+\s*=\s*(?:"[^"]*|'[^']*|[^\s"'>]*)$/i

const insideElement = (markup: string, element: string) =>
  markup.lastIndexOf(`<${element}`) > markup.lastIndexOf(`</${element}`)

/**
 * Why a value may not be output after `markup` (the template's text before it, in the same
 * block), or undefined when escaping is enough; `viaSafeUrl` says the value passes through safeUrl.
 */
export function unsafeHtmlContext(markup: string, viaSafeUrl: boolean): string | undefined {
  const lower = markup.toLowerCase()
  if (insideElement(lower, 'script') || insideElement(lower, 'style')) {
    return 'data may not be written inside <script> or <style>: escaping does not apply there'
  }
  const tag = markup.slice(markup.lastIndexOf('<'))
  if (!tag.startsWith('<') || tag.includes('>')) return undefined // in text, where escaping suffices
  if (EVENT_ATTRIBUTE_OPEN.test(tag)) {
    return 'data may not be written into an event handler attribute (on…=): the browser unescapes it into script'
  }
  if (URL_ATTRIBUTE_OPEN.test(tag) && !viaSafeUrl) {
    return 'a URL attribute must start with {{safeUrl …}} (a javascript: link would run script)'
  }
  return undefined
}
