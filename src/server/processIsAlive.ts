/** True while a process with this pid runs (also when it belongs to another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but may not be signalled by us.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
