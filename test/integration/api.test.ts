import type { Express } from 'express'
import request from 'supertest'
import { Slugs } from '../../collections/slugs'
import { createApp } from '../../src/http/createApp'
import { describeEachDatabase } from '../harness/describeEachDatabase'
import { login, testApp } from '../harness/http'
import { LogCapture } from '../harness/logCapture'
import { createVendorAdmin } from '../harness/users'
import { fixturePlugin, INTERNAL_DETAIL } from '../fixtures/fixturePlugin'

const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' }
let logs: LogCapture

describeEachDatabase(
  'REST and GraphQL API',
  (ctx) => {
    let app: Express
    let token: string
    const countUsers = async () => (await ctx.payload.count({ collection: Slugs.users })).totalDocs

    beforeAll(async () => {
      await createVendorAdmin(ctx.payload, ADMIN)
      app = await testApp(ctx)
      token = await login(app, ADMIN.email, ADMIN.password)
    })

    describe('authentication', () => {
      it('refuses to list users without a signed-in user: 403 with a stable error id', async () => {
        const res = await request(app).get('/api/users')
        expect(res.status).toBe(403)
        expect(res.body.error).toMatchObject({ id: 'forbidden', status: 403 })
        expect(res.body.error.requestId).toBe(res.headers['x-request-id'])
      })

      it('refuses a wrong password with 401 invalid_credentials', async () => {
        const res = await request(app).post('/api/users/login').send({ email: ADMIN.email, password: 'nope' })
        expect(res.status).toBe(401)
        expect(res.body.error).toMatchObject({ id: 'invalid_credentials', status: 401 })
      })

      it('signs in and answers with the user, a JWT and a session cookie', async () => {
        const res = await request(app).post('/api/users/login').send(ADMIN)
        expect(res.status).toBe(200)
        expect(res.body.user).toMatchObject({ email: ADMIN.email, kind: 'staff' })
        expect(res.body.user.hash).toBeUndefined()
        expect(res.headers['set-cookie']?.[0]).toMatch(/^payload-token=.+HttpOnly/)
        const cookie = res.headers['set-cookie']![0]!.split(';')[0]!
        const me = await request(app).get('/api/users/me').set('Cookie', cookie)
        expect(me.body.user.email).toBe(ADMIN.email)
      })
    })

    describe('documents', () => {
      it('creates, reads, updates and deletes through REST', async () => {
        const auth = { Authorization: `JWT ${token}` }
        const created = await request(app)
          .post('/api/users')
          .set(auth)
          .send({ email: 'crud@example.com', password: 'a-long-password', name: 'Crud', kind: 'staff' })
        expect(created.status).toBe(201)
        const id = created.body.doc.id
        const read = await request(app).get(`/api/users/${id}`).set(auth)
        expect(read.body).toMatchObject({ email: 'crud@example.com', name: 'Crud' })
        const updated = await request(app).patch(`/api/users/${id}`).set(auth).send({ name: 'Renamed' })
        expect(updated.body.doc.name).toBe('Renamed')
        expect((await request(app).delete(`/api/users/${id}`).set(auth)).status).toBe(200)
        expect((await request(app).get(`/api/users/${id}`).set(auth)).status).toBe(404)
      })

      it('answers GraphQL queries at /api/graphql', async () => {
        const res = await request(app)
          .post('/api/graphql')
          .set('Authorization', `JWT ${token}`)
          .send({ query: '{ Users(where: { email: { equals: "admin@example.com" } }) { docs { email kind } } }' })
        expect(res.status).toBe(200)
        expect(res.body).toEqual({ data: { Users: { docs: [{ email: ADMIN.email, kind: 'staff' }] } } })
      })

      it('refuses an invalid document with 400 validation_failed, naming the field, and stores nothing', async () => {
        const before = await countUsers()
        const res = await request(app)
          .post('/api/users')
          .set('Authorization', `JWT ${token}`)
          .send({ email: 'not-an-email', password: 'a-long-password', name: 'X', kind: 'staff' })
        expect(res.status).toBe(400)
        expect(res.body.error).toMatchObject({ id: 'validation_failed', status: 400 })
        expect(JSON.stringify(res.body.errors)).toContain('email')
        expect(await countUsers()).toBe(before)
      })

      it('answers 404 not_found for a document that does not exist', async () => {
        const missing = ctx.kind === 'mongodb' ? '000000000000000000000000' : '999999'
        const res = await request(app).get(`/api/users/${missing}`).set('Authorization', `JWT ${token}`)
        expect(res.status).toBe(404)
        expect(res.body.error).toMatchObject({ id: 'not_found', status: 404 })
      })
    })

    describe('bad input', () => {
      it('answers malformed JSON with 400 malformed_json and stores nothing', async () => {
        const before = await countUsers()
        const res = await request(app)
          .post('/api/users')
          .set('Authorization', `JWT ${token}`)
          .set('Content-Type', 'application/json')
          .send('{"email": "x@example.com", "name": ')
        expect(res.status).toBe(400)
        expect(res.headers['content-type']).toMatch(/application\/json/)
        expect(res.body.error).toMatchObject({ id: 'malformed_json', status: 400 })
        expect(res.body.error.message).toMatch(/not valid JSON/)
        expect(await countUsers()).toBe(before)
      })

      it('answers a body over the limit with 413 body_too_large and stores nothing', async () => {
        const before = await countUsers()
        const res = await request(app)
          .post('/api/users')
          .set('Authorization', `JWT ${token}`)
          .send({
            email: 'big@example.com',
            password: 'a-long-password',
            kind: 'staff',
            name: 'x'.repeat(ctx.settings.bodyLimit),
          })
        expect(res.status).toBe(413)
        expect(res.body.error).toMatchObject({ id: 'body_too_large', status: 413 })
        expect(await countUsers()).toBe(before)
      })

      it.each(['get', 'post', 'delete'] as const)(
        'answers an unknown API route (%s) with 404 route_not_found',
        async (method) => {
          const res = await request(app)[method]('/api/no-such-thing/at-all')
          expect(res.status).toBe(404)
          expect(res.headers['content-type']).toMatch(/application\/json/)
          expect(res.body.error).toMatchObject({ id: 'route_not_found', status: 404 })
          expect(res.body.error.message).toContain('/api/no-such-thing/at-all')
        },
      )

      it('answers an unknown route outside the API with 404 JSON', async () => {
        const res = await request(app).get('/nowhere')
        expect(res.status).toBe(404)
        expect(res.body.error.id).toBe('route_not_found')
      })
    })

    describe('errors thrown in routes', () => {
      it.each([
        ['a Payload endpoint', '/api/fixture/throws'],
        ['a plugin route', '/fixture/throws'],
        ['a plugin route, asynchronously', '/fixture/rejects'],
      ])('answers an error thrown in %s with 500 internal_error, no stack, no internals', async (_where, path) => {
        const res = await request(app).get(path)
        expect(res.status).toBe(500)
        expect(res.headers['content-type']).toMatch(/application\/json/)
        expect(res.body.error).toMatchObject({ id: 'internal_error', status: 500 })
        expect(res.body.error.requestId).toBe(res.headers['x-request-id'])
        const text = JSON.stringify(res.body)
        expect(text).not.toContain(INTERNAL_DETAIL)
        expect(text).not.toMatch(/at .+\.(ts|js):\d+/)
        expect(text).not.toContain('stack')
      })

      it('keeps the status and id of an Atrium error thrown inside Payload', async () => {
        const res = await request(app).get('/api/fixture/conflict')
        expect(res.status).toBe(503)
        expect(res.body.error).toMatchObject({ id: 'shutting_down', status: 503 })
      })

      it('logs the failure with the request id the client was given', async () => {
        const res = await request(app).get('/fixture/throws')
        const lines = logs.forRequest(res.headers['x-request-id'] as string)
        expect(lines.some((line) => line.level === 50 && JSON.stringify(line).includes(INTERNAL_DETAIL))).toBe(true)
      })
    })

    describe('plugin routes', () => {
      it('parse JSON bodies within their limit and refuse larger or malformed ones', async () => {
        expect((await request(app).post('/fixture/echo').send({ a: 1 })).body).toEqual({ received: { a: 1 } })
        const big = await request(app)
          .post('/fixture/echo')
          .send({ a: 'x'.repeat(2048) })
        expect(big.status).toBe(413)
        expect(big.body.error.id).toBe('body_too_large')
        const bad = await request(app).post('/fixture/echo').set('Content-Type', 'application/json').send('{oops')
        expect(bad.status).toBe(400)
        expect(bad.body.error.id).toBe('malformed_json')
      })
    })

    describe('headers and logs', () => {
      it('sends security headers on every response', async () => {
        for (const path of ['/api/users', '/healthz', '/fixture/echo', '/nowhere']) {
          const res = await request(app).get(path)
          expect(res.headers['x-content-type-options']).toBe('nosniff')
          expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
          expect(res.headers['referrer-policy']).toBe('no-referrer')
          expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
          expect(res.headers['x-powered-by']).toBeUndefined()
        }
        expect((await request(app).get('/api/users')).headers['content-security-policy']).toMatch(/^default-src 'none'/)
      })

      it('gives every response a request id, keeping a well-formed one from the proxy', async () => {
        const fresh = await request(app).get('/healthz')
        expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
        const kept = await request(app).get('/healthz').set('X-Request-Id', 'lb-1234.abc')
        expect(kept.headers['x-request-id']).toBe('lb-1234.abc')
        const replaced = await request(app).get('/healthz').set('X-Request-Id', 'x'.repeat(200))
        expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
      })

      it("puts the request id on every log line written while serving it, Payload's own included", async () => {
        const res = await request(app).post('/api/users/login').send({ email: ADMIN.email, password: 'wrong' })
        const id = res.headers['x-request-id'] as string
        const lines = logs.forRequest(id)
        // Payload's own line about the failed login, and Atrium's access line
        expect(lines.some((line) => String(line.msg).includes('email or password'))).toBe(true)
        expect(lines.some((line) => line.msg === 'request' && line.status === 401)).toBe(true)
        const unattributed = logs.lines.filter((line) => line.msg === 'request' && !line.reqId)
        expect(unattributed).toEqual([])
      })
    })

    describe('health checks', () => {
      it('answers /healthz and /readyz with 200 while the database answers', async () => {
        expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' })
        const ready = await request(app).get('/readyz')
        expect(ready.status).toBe(200)
        expect(ready.body.status).toBe('ready')
      })

      it('answers /readyz with 503 shutting_down once the server drains', async () => {
        const draining = await createApp({
          payload: ctx.payload,
          settings: ctx.settings,
          health: { draining: () => true },
        })
        const res = await request(draining).get('/readyz')
        expect(res.status).toBe(503)
        expect(res.body.error.id).toBe('shutting_down')
        expect(res.headers.connection).toBe('close')
      })
    })
  },
  () => {
    logs = new LogCapture()
    return { plugins: [fixturePlugin()], logDestination: logs }
  },
)
