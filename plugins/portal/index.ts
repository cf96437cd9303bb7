import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Router } from 'express'
import type { Config, Payload, Plugin } from 'payload'
import { PROJECT_ROOT } from '../../src/config/paths'
import { portalSecurityHeaders } from '../../src/http/securityHeaders'
import { addBlocks, blockTemplateName, pluginBlocks, type PortalBlock } from '../../src/plugin/blocks'
import { addRoutes, type PluginHost } from '../../src/plugin/routes'
import { invoicesBlock } from './blocks/invoicesBlock'
import { kpiTilesBlock } from './blocks/kpiTilesBlock'
import { myRequestsBlock } from './blocks/myRequestsBlock'
import { recordListBlock } from './blocks/recordListBlock'
import { pendingApprovalsBlock } from './blocks/pendingApprovalsBlock'
import { requestFormBlock } from './blocks/requestFormBlock'
import { richTextBlock } from './blocks/richTextBlock'
import { statusSummaryBlock } from './blocks/statusSummaryBlock'
import { tasksBlock } from './blocks/tasksBlock'
import type { LoadedBlock } from './renderBlocks'
import { sendPage, type PortalLocals } from './portalPage'
import { loadPortalTemplates, loadTemplateFile, storedTemplates, type PortalTemplates } from './portalTemplates'
import { Slugs } from '../../collections/slugs'
import { forgetPortalTenants, PortalTenants } from './portalTenants'
import { tenantRouter } from './tenantRouter'

/** The portal's stylesheet, served by Atrium (the CSP allows no inline style). */
const PORTAL_CSS = path.join(PROJECT_ROOT, 'plugins', 'portal', 'assets', 'portal.css')

/** Atrium's own page blocks; integrators add theirs with addBlocks (src/plugin/blocks.ts). */
export const CORE_BLOCKS: PortalBlock[] = [
  statusSummaryBlock,
  pendingApprovalsBlock,
  myRequestsBlock,
  requestFormBlock,
  tasksBlock,
  richTextBlock,
  recordListBlock,
  invoicesBlock,
  kpiTilesBlock,
]

/** Every registered block with its template, checked and compiled (a bad one fails the boot). */
function loadBlocks(payload: Payload): Map<string, LoadedBlock> {
  return new Map(
    pluginBlocks(payload.config).map((block) => [
      block.slug,
      {
        block,
        template: loadTemplateFile(
          path.resolve(PROJECT_ROOT, block.template),
          `file:portal-block/${block.slug}`,
          block.markup?.names ?? [],
        ),
        name: blockTemplateName(block),
      },
    ]),
  )
}

const portalHeaders = portalSecurityHeaders()

interface PortalState {
  templates: PortalTemplates
  tenants: PortalTenants
  pages: Router
}

// Both mounts of one app share its templates, tenant cache and throttles (an app: one set of limiters).
const states = new WeakMap<Payload, WeakMap<PluginHost['rateLimiters'], PortalState>>()
function stateOf(payload: Payload, host: PluginHost): PortalState {
  let ofPayload = states.get(payload)
  if (!ofPayload) states.set(payload, (ofPayload = new WeakMap()))
  let state = ofPayload.get(host.rateLimiters)
  if (!state) {
    const templates = loadPortalTemplates()
    const pages = tenantRouter(payload, templates, loadBlocks(payload), host.rateLimiters)
    state = { templates, tenants: new PortalTenants(payload), pages }
    ofPayload.set(host.rateLimiters, state)
  }
  return state
}

/** /t/_assets/…, and /t/<slug>/… for the tenant of that slug (an unknown or suspended one: 404). */
function pathRouter(payload: Payload, host: PluginHost): Router {
  const { templates, tenants, pages } = stateOf(payload, host)
  const css = readFileSync(PORTAL_CSS, 'utf8')
  const router = Router()
  router.use(portalHeaders)
  router.get('/_assets/portal.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(css)
  })
  router.use('/:slug', async (req, res, next) => {
    const [tenant, stored] = await Promise.all([tenants.bySlug(req.params.slug ?? ''), storedTemplates(payload)])
    if (!tenant) {
      res.locals.portal = { base: '', csrf: '', stored } satisfies PortalLocals
      sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })
      return
    }
    res.locals.portal = { tenant, base: `/t/${tenant.slug}`, csrf: '', stored } satisfies PortalLocals
    pages(req, res, next)
  })
  router.use(async (_req, res) => {
    res.locals.portal = { base: '', csrf: '', stored: await storedTemplates(payload) } satisfies PortalLocals
    sendPage(res, templates, { template: 'not-found', title: 'Page not found', status: 404 })
  })
  return router
}

/** The portal of the tenant whose custom domain the Host header names; other hosts pass on. */
function hostRouter(payload: Payload, host: PluginHost): Router {
  const { tenants, pages } = stateOf(payload, host)
  const router = Router()
  router.use(async (req, res, next) => {
    const tenant = await tenants.byHost(req.hostname ?? '')
    if (!tenant) {
      next('router')
      return
    }
    res.locals.portal = { tenant, base: '', csrf: '', stored: await storedTemplates(payload) } satisfies PortalLocals
    next()
  })
  router.use(portalHeaders, pages)
  return router
}

/**
 * The client portal: each tenant's pages at /t/<slug>/ and at the root of its custom domains,
 * rendered on the server from templates/portal/ through src/templates, signed in with Payload's
 * own session. Its templates are checked and compiled when the routes are built (at boot).
 */
export const portalPlugin =
  (): Plugin =>
  (config: Config): Config =>
    addBlocks(
      addRoutes(
        {
          ...config,
          // A tenant's change shows on its portal at once (portalTenants.ts).
          collections: (config.collections ?? []).map((collection) =>
            collection.slug === Slugs.tenants
              ? {
                  ...collection,
                  hooks: {
                    ...collection.hooks,
                    afterChange: [...(collection.hooks?.afterChange ?? []), forgetPortalTenants],
                    afterDelete: [...(collection.hooks?.afterDelete ?? []), forgetPortalTenants],
                  },
                }
              : collection,
          ),
        },
        { plugin: 'portal', path: '/t', router: pathRouter },
        { plugin: 'portal', path: '/', router: hostRouter },
      ),
      ...CORE_BLOCKS,
    )
