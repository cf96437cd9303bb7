/**
 * The seed: what a new installation starts with. Every step is idempotent, so seeding twice changes
 * nothing. Built-in roles always; demo accounts, their records, workflows and requests only outside
 * production.
 */
import type { Payload } from 'payload'
import { SettingsError, type Settings } from '../src/config/settings'
import { seedAdminUser, type AdminLogin } from './adminUser'
import { seedDemoNotificationRules } from './demoNotificationRules'
import { seedDemoPages } from './demoPages'
import { seedDemoRecords, type DemoRecordsReport } from './demoRecords'
import { seedDemoTenants, type DemoLogin } from './demoTenants'
import { WORKFLOW_LOGINS } from './demoWorkflowPeople'
import { seedDemoWorkflows, type DemoWorkflowsReport } from './demoWorkflows'
import { BuiltInRoles, seedRoles } from './roles'

/** What a seed run did. */
export interface SeedReport {
  admin: AdminLogin & { created: boolean }
  /** demo accounts' sign-ins (all with the administrator's demo password); none in production */
  demoLogins: DemoLogin[]
  /** demo records created, by tenant slug and record type key; empty in production */
  demoRecords: DemoRecordsReport
  /** demo workflows, request types, people, delegations and requests created; absent in production */
  demoWorkflows?: DemoWorkflowsReport
  /** demo portal pages created; absent in production */
  demoPages?: number
  /** demo notification rules created; absent in production */
  demoNotificationRules?: number
}

/** Seeds `payload`'s database. In production it needs SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD. */
export async function seed(
  payload: Payload,
  settings: Pick<Settings, 'seedAdmin'> & Partial<Pick<Settings, 'isProduction'>>,
): Promise<SeedReport> {
  if (!settings.seedAdmin) {
    throw new SettingsError([
      'SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD: required to seed when NODE_ENV=production (there is no default password)',
    ])
  }
  const roles = await seedRoles(payload)
  const created = await seedAdminUser(payload, settings.seedAdmin, roles[BuiltInRoles.vendorAdmin])
  if (settings.isProduction !== false)
    return { admin: { ...settings.seedAdmin, created }, demoLogins: [], demoRecords: {} }
  const demoLogins = await seedDemoTenants(payload, roles, settings.seedAdmin.password)
  const demoRecords = await seedDemoRecords(payload)
  const demoWorkflows = await seedDemoWorkflows(payload, roles, settings.seedAdmin.password)
  const demoPages = await seedDemoPages(payload, roles)
  const demoNotificationRules = await seedDemoNotificationRules(payload, roles)
  return {
    admin: { ...settings.seedAdmin, created },
    demoLogins: [...demoLogins, ...WORKFLOW_LOGINS],
    demoRecords,
    demoWorkflows,
    demoPages,
    demoNotificationRules,
  }
}
