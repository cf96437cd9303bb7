import type { Field } from 'payload'

/** A block's optional heading, which staff may word for the tenant. */
export const headingField: Field = {
  name: 'heading',
  type: 'text',
  maxLength: 200,
  admin: { description: 'Empty: the default heading.' },
}

/** The heading staff gave the block, or `fallback`. */
export const headingOf = (config: Record<string, unknown>, fallback: string): string =>
  typeof config.heading === 'string' && config.heading.trim() ? config.heading : fallback
