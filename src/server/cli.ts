/** What every command-line entry point does first. */
import { getSettings, preparePayloadProcess, SettingsError, type Settings } from '../config/settings'

/** The validated settings; on invalid ones, prints what is wrong and exits with status 1. */
export function loadSettingsOrExit(): Settings {
  try {
    const settings = getSettings()
    preparePayloadProcess()
    return settings
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err
    console.error(`atrium: ${err.message}`)
    process.exit(1)
  }
}

/** Runs `main`; anything it throws is printed and ends the process with status 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof SettingsError ? `atrium: ${err.message}` : err)
    process.exit(1)
  })
}
