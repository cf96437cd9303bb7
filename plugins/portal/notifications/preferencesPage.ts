/**
 * The preference center (<base>/notifications/preferences): for each event type of the catalogue,
 * the channels it comes through and instant or digest, when the digest comes, and (when the
 * person's rules let them change it) their time zone and language. Saved as the person's own
 * NotificationPreferences document for this client account, through the Local API as them
 * (`overrideAccess: false`: their personal rules let them create and update their own).
 */
import { Router, type Response } from 'express'
import type { Payload } from 'payload'
import { Slugs } from '../../../collections/slugs'
import { WEEKDAYS } from '../../../collections/NotificationPreferences'
import { abilityFor } from '../../../src/access/ability'
import { conditionSubject } from '../../../src/access/conditionSubject'
import { DEFAULT_DIGEST, type Choices } from '../../../src/notifications/preferences'
import type { NotificationPreference } from '../../../src/payload-types'
import { formRefusal, type FormRefusal } from '../account/formErrors'
import { portalLocals, sendPage } from '../portalPage'
import type { PortalUser } from '../portalSession'
import type { PortalTemplates } from '../portalTemplates'
import type { PortalTenant } from '../portalTenants'
import { DIGEST_FREQUENCIES, offerFor, readPreferencesForm, type OfferedType } from './preferencesForm'

const FREQUENCY_LABELS = { daily: 'Every day', weekly: 'Every week', off: 'Never (only in the portal)' } as const
const TIER_LABELS = { critical: 'Urgent', informational: 'Updates', inApp: 'In the portal only' } as const

/** Every time zone this Node knows, UTC first (Intl does not always list it). */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]

interface PreferenceState {
  mine: NotificationPreference | undefined
  tenantDefault: NotificationPreference | undefined
  offer: OfferedType[]
  /** whether the person's rules let them change their own time zone and language */
  profileEditable: boolean
}

async function loadState(payload: Payload, user: PortalUser, tenant: PortalTenant): Promise<PreferenceState> {
  const [mine, tenantDefault, ability] = await Promise.all([
    payload.find({
      collection: Slugs.notificationPreferences,
      where: { key: { equals: `${user.id}:${tenant.id}` } },
      limit: 1,
      pagination: false,
      depth: 0,
      user,
      overrideAccess: false,
    }),
    // The defaults the client account's administrators set apply to everyone in it and decide at
    // send time what a person who chose nothing gets (preferences.ts reads them as the system too);
    // they are shown here as what "on" means, nothing of them is written.
    payload.find({
      collection: Slugs.notificationPreferences,
      where: { and: [{ tenant: { equals: tenant.id } }, { user: { exists: false } }] },
      limit: 1,
      pagination: false,
      depth: 0,
      overrideAccess: true,
    }),
    abilityFor(payload, user),
  ])
  const defaults = tenantDefault.docs[0] as NotificationPreference | undefined
  const self = conditionSubject(ability, 'update', Slugs.users, user as unknown as Record<string, unknown>)
  return {
    mine: mine.docs[0] as NotificationPreference | undefined,
    tenantDefault: defaults,
    offer: offerFor(payload.config, (defaults?.choices ?? {}) as Choices),
    profileEditable: ability.can('update', self, 'timeZone') && ability.can('update', self, 'locale'),
  }
}

const options = <T extends string | number>(values: readonly T[], selected: T, label: (value: T) => string) =>
  values.map((value) => ({ value: String(value), label: label(value), selected: value === selected }))

function sendPreferences(
  templates: PortalTemplates,
  res: Response,
  state: PreferenceState,
  form: { refusal?: FormRefusal; saved?: boolean } = {},
) {
  const { user, tenant, base } = portalLocals(res)
  const mine = (state.mine?.choices ?? {}) as Choices
  const { mine: doc, tenantDefault } = state
  const frequency = doc?.digestFrequency ?? tenantDefault?.digestFrequency ?? DEFAULT_DIGEST.frequency
  const day = doc?.digestDay ?? tenantDefault?.digestDay ?? WEEKDAYS[DEFAULT_DIGEST.day]!
  const hour = doc?.digestHour ?? tenantDefault?.digestHour ?? DEFAULT_DIGEST.hour
  const timeZone = user!.timeZone ?? 'UTC'
  sendPage(res, templates, {
    template: 'notification-preferences',
    title: 'Notification preferences',
    status: form.refusal?.status,
    flash: form.refusal
      ? { kind: 'error', message: `Nothing was saved. ${form.refusal.message}` }
      : form.saved
        ? { kind: 'info', message: 'Your notification preferences were saved.' }
        : undefined,
    data: {
      action: `${base}/notifications/preferences`,
      list: `${base}/notifications`,
      tenantName: tenant!.name,
      types: state.offer.map(({ type, channels, modeField, inheritedMode }) => ({
        key: type.key,
        label: type.label,
        tier: TIER_LABELS[type.tier],
        mustAct: Boolean(type.mustAct),
        channels: channels.map((channel) => ({
          field: channel.field,
          label: channel.label,
          always: channel.always,
          on: channel.always || (mine[type.key]?.[channel.key] ?? channel.inherited),
        })),
        mode: modeField ? { field: modeField, digest: (mine[type.key]?.mode ?? inheritedMode) === 'digest' } : null,
      })),
      digest: {
        frequencies: options(DIGEST_FREQUENCIES, frequency, (value) => FREQUENCY_LABELS[value]),
        days: options(WEEKDAYS, day, (value) => value[0]!.toUpperCase() + value.slice(1)),
        hours: options(
          Array.from({ length: 24 }, (_, index) => index),
          hour,
          (value) => `${String(value).padStart(2, '0')}:00`,
        ),
      },
      profile: {
        editable: state.profileEditable,
        timeZones: options(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES], timeZone, String),
        timeZone,
        locale: user!.locale ?? 'en-GB',
      },
      errors: form.refusal?.fields ?? {},
    },
  })
}

/** GET and POST <base>/notifications/preferences (the session and the form token are checked before). */
export function preferencesRoutes(payload: Payload, templates: PortalTemplates): Router {
  const router = Router()
  router.get('/notifications/preferences', async (req, res) => {
    const { user, tenant } = portalLocals(res)
    const state = await loadState(payload, user!, tenant!)
    sendPreferences(templates, res, state, { saved: req.query.done === 'saved' })
  })

  router.post('/notifications/preferences', async (req, res) => {
    const { user, tenant, base } = portalLocals(res)
    const state = await loadState(payload, user!, tenant!)
    try {
      const body = (req.body ?? {}) as Record<string, unknown>
      // The whole form is checked before anything is written: a refusal stores nothing.
      const posted = readPreferencesForm(
        state.offer,
        body,
        (state.mine?.choices ?? {}) as Choices,
        state.profileEditable,
      )
      const data = { choices: posted.choices, ...posted.digest }
      const as = { depth: 0, user: user!, overrideAccess: false } as const
      if (state.mine)
        await payload.update({ collection: Slugs.notificationPreferences, id: state.mine.id, data, ...as })
      else
        await payload.create({
          collection: Slugs.notificationPreferences,
          // Payload's generated types say number (SQL); on MongoDB ids are text and pass through untouched.
          data: { ...data, user: user!.id, tenant: tenant!.id as number },
          ...as,
        })
      const profile = posted.profile
      if (profile && (profile.timeZone !== user!.timeZone || profile.locale !== user!.locale))
        await payload.update({ collection: Slugs.users, id: user!.id, data: profile, ...as })
      res.redirect(303, `${base}/notifications/preferences?done=saved`)
    } catch (error) {
      sendPreferences(templates, res, state, { refusal: formRefusal(error) })
    }
  })
  return router
}
