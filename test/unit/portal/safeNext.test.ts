import { safeNext } from '../../../plugins/portal/safeNext'

describe('safeNext', () => {
  it('keeps a relative path inside the tenant portal, query included', () => {
    expect(safeNext('/t/a/p/orders?page=2', '/t/a')).toBe('/t/a/p/orders?page=2')
    expect(safeNext('/requests/12', '')).toBe('/requests/12')
  })

  it.each([
    ['an absolute URL', 'https://evil.test/t/a/'],
    ['a protocol-relative URL', '//evil.test/t/a/'],
    ['a back-slash', '/\\evil.test'],
    ['another tenant', '/t/b/'],
    ['a path climbing out', '/t/a/../b/'],
    ['an encoded climb', '/t/a/%2e%2e/b/'],
    ['a control character', '/t/a/\tx'],
    ['a relative path', 'p/orders'],
    ['the sign-in page itself', '/t/a/sign-in'],
    ['not text', 42],
    ['encoded slashes', '/%2F%2Fevil.test'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['encoded CR/LF', '/t/a/%0d%0aSet-Cookie:x=1'],
  ])('falls back to the home page for %s', (_what, next) => {
    expect(safeNext(next, '/t/a')).toBe('/t/a/')
  })

  it('refuses, on a custom domain, a path that normalises to another host (/.//evil)', () => {
    for (const next of ['/.//evil.test', '/%2e//evil.test', '/a/..//evil.test']) expect(safeNext(next, '')).toBe('/')
  })

  it("refuses Atrium's own areas and path tenants on a custom domain", () => {
    for (const next of ['/admin', '/api/users', '/t/b/']) expect(safeNext(next, '')).toBe('/')
  })
})
