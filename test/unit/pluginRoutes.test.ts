import express from 'express'
import type { Config, SanitizedConfig } from 'payload'
import { addRoutes, pluginRoutes, type PluginRoute } from '../../src/plugin/routes'

const route = (path: string, plugin = 'p'): PluginRoute => ({ plugin, path, router: () => express.Router() })
const routesOf = (config: Config) => pluginRoutes(config as unknown as SanitizedConfig)

describe('plugin routes', () => {
  it('keeps the routes of earlier plugins when a later one adds its own', () => {
    const config = addRoutes(
      addRoutes({ custom: { other: 1 } } as unknown as Config, route('/a', 'first')),
      route('/b', 'second'),
    )
    expect(routesOf(config).map((r) => `${r.plugin}:${r.path}`)).toEqual(['first:/a', 'second:/b'])
    expect(config.custom).toMatchObject({ other: 1 })
  })

  it.each(['/api', '/api/things', '/admin', '/healthz', '/readyz', '/_next/static', '/_atrium/monaco', 'portal'])(
    'refuses to boot with a plugin route at %s, naming the plugin',
    (path) => {
      const config = addRoutes({} as Config, route(path, 'greedy'))
      expect(() => routesOf(config)).toThrow(/Plugin "greedy" cannot mount routes/)
    },
  )

  it('allows the site root and paths that merely start like a reserved one', () => {
    const config = addRoutes({} as Config, route('/'), route('/apiary'), route('/t'))
    expect(routesOf(config)).toHaveLength(3)
  })
})
