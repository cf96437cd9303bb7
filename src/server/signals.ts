import type { RunningServer } from './startServer'

/**
 * On SIGTERM or SIGINT, stops `server` gracefully and exits 0 (1 if stopping failed); a second
 * signal exits at once.
 */
export function stopOnSignals(server: Pick<RunningServer, 'stop'>, say: (message: string) => void): void {
  let received = 0
  const onSignal = (signal: NodeJS.Signals) => {
    received += 1
    if (received > 1) {
      say(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    say(`${signal}: shutting down`)
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
}
