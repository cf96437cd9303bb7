import type { Plugin } from 'payload'
import { integrationsPlugin } from './integrations'
import { portalPlugin } from './portal'

/**
 * Atrium's own capabilities, each a Payload plugin on the same interface integrators use
 * (see src/plugin). Order matters only where a plugin says so.
 */
export const corePlugins: Plugin[] = [integrationsPlugin(), portalPlugin()]
