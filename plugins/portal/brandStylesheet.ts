import type { PortalTenant } from './portalTenants'

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/

/**
 * A tenant's branding as CSS custom properties, served as a stylesheet of its own: the portal's
 * CSP allows no inline style. Colours are validated on save; they are checked again here because
 * this text becomes CSS, and anything else is left to the defaults of portal.css.
 */
export function brandStylesheet(tenant: PortalTenant): string {
  const lines: string[] = []
  if (tenant.primaryColor && HEX_COLOUR.test(tenant.primaryColor))
    lines.push(`  --brand-primary: ${tenant.primaryColor};`)
  if (tenant.accentColor && HEX_COLOUR.test(tenant.accentColor)) lines.push(`  --brand-accent: ${tenant.accentColor};`)
  return `:root {\n${lines.join('\n')}\n}\n`
}
