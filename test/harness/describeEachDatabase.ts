/**
 * Runs a suite once per database: `describeEachDatabase('REST API', (ctx) => { … })` becomes
 * "REST API [sqlite]", "REST API [postgres]" and, with MONGODB_URL, "REST API [mongodb]" — or a
 * skipped "REST API [mongodb]" whose name says why.
 */
import { bootPayload, type BootedPayload, type BootOptions } from './bootPayload'
import { databaseKinds, mongodbSkipReason, type DatabaseKind } from './databases'

/** What a suite's tests use; filled in by beforeAll. */
export interface SuiteContext extends BootedPayload {
  kind: DatabaseKind
}

/** Declares `suite` once per database kind, each on its own freshly booted Payload. */
export function describeEachDatabase(
  title: string,
  suite: (ctx: SuiteContext) => void,
  options: BootOptions | (() => BootOptions) = {},
): void {
  for (const kind of databaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      const ctx = { kind } as SuiteContext
      beforeAll(async () => {
        Object.assign(ctx, await bootPayload(kind, typeof options === 'function' ? options() : options))
      })
      afterAll(async () => {
        await ctx.close?.()
      })
      suite(ctx)
    })
  }
  const skipped = mongodbSkipReason()
  if (skipped) {
    describe.skip(`${title} [mongodb]`, () => {
      it(skipped, () => undefined)
    })
  }
}
