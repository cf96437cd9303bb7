import type { Express } from 'express'
import request from 'supertest'
import { createApp } from '../../src/http/createApp'
import type { SuiteContext } from './describeEachDatabase'

/** The express app as `npm start` builds it, minus Next: /api, health checks, plugin routes. */
export function testApp(ctx: Pick<SuiteContext, 'payload' | 'settings'>): Promise<Express> {
  return createApp({ payload: ctx.payload, settings: ctx.settings })
}

/** Signs `email` in over REST and returns the JWT. */
export async function login(app: Express, email: string, password: string): Promise<string> {
  const res = await request(app).post('/api/users/login').send({ email, password })
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`)
  return (res.body as { token: string }).token
}
