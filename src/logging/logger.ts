/**
 * The one logger configuration: Payload's pino logger, with the current request id on every line.
 */
import type { DestinationStream, LoggerOptions } from 'pino'
import { build as prettyStream } from 'pino-pretty'
import type { Settings } from '../config/settings'
import { redactionOptions } from './redact'
import { currentRequestContext } from './requestContext'

/** Payload's `logger` config option for these settings. */
export function loggerConfig(
  settings: Pick<Settings, 'logLevel' | 'isProduction' | 'nodeEnv'>,
  destination?: DestinationStream,
): {
  options: LoggerOptions
  destination?: DestinationStream
} {
  const options: LoggerOptions = {
    name: 'atrium',
    level: settings.logLevel,
    enabled: settings.logLevel !== 'silent',
    ...redactionOptions,
    mixin: () => {
      const context = currentRequestContext()
      return context ? { reqId: context.requestId } : {}
    },
  }
  // Production and tests log JSON, one object per line; people at a terminal get colours.
  if (destination || settings.isProduction || settings.nodeEnv === 'test') return { options, destination }
  return {
    options,
    destination: prettyStream({ colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss', sync: true }),
  }
}
