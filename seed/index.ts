/**
 * The seed: what a new installation starts with. Every step is idempotent, so seeding twice changes
 * nothing. Later steps (tenants, roles, portal pages) are added to `seed` in order.
 */
import type { Payload } from 'payload'
import { SettingsError, type Settings } from '../src/config/settings'
import { seedAdminUser, type AdminLogin } from './adminUser'

/** What a seed run did. */
export interface SeedReport {
  admin: AdminLogin & { created: boolean }
}

/** Seeds `payload`'s database. In production it needs SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD. */
export async function seed(payload: Payload, settings: Pick<Settings, 'seedAdmin'>): Promise<SeedReport> {
  if (!settings.seedAdmin) {
    throw new SettingsError([
      'SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD: required to seed when NODE_ENV=production (there is no default password)',
    ])
  }
  const created = await seedAdminUser(payload, settings.seedAdmin)
  return { admin: { ...settings.seedAdmin, created } }
}
