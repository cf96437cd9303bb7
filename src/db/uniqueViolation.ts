/** Whether `err` (or what it wraps: drizzle wraps the driver's error) is a unique index refusing a row. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { message?: string; code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' || /UNIQUE constraint failed|duplicate key|E11000/i.test(String(e.message ?? '')))
      return true
  }
  return false
}
