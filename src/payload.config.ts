/**
 * The running platform's Payload config, read by the server, Payload's CLI and Next's admin build
 * (through the `@payload-config` path alias).
 */
import { buildAtriumConfig } from './config/payloadConfig'
import { getSettings } from './config/settings'

export default buildAtriumConfig({ settings: getSettings() })
