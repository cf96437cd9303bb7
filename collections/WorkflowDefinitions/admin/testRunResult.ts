/**
 * A test run's answer in words, for the admin's result panel: times as offsets from the start of
 * the run ("+1d 2h 05m") and each effect as one line.
 */
import type { SimulationResult } from '../../../src/workflows/simulate'
import type { Recipient } from '../../../src/workflows/definition'
import type { Effect } from '../../../src/workflows/types'

export type { SimulationResult }

/** How long after `start` the time `at` is: `+0m`, `+2h 05m`, `+1d 2h 05m`. */
export function offsetText(start: string, at: string): string {
  const minutes = Math.round((Date.parse(at) - Date.parse(start)) / 60_000)
  const sign = minutes < 0 ? '−' : '+'
  const total = Math.abs(minutes)
  const days = Math.floor(total / 1440)
  const hours = Math.floor((total % 1440) / 60)
  const mins = total % 60
  if (days === 0 && hours === 0) return `${sign}${mins}m`
  const tail = `${hours}h ${String(mins).padStart(2, '0')}m`
  return days === 0 ? `${sign}${tail}` : `${sign}${days}d ${tail}`
}

const recipient = (to: Recipient) => (typeof to === 'string' ? to : `${to.role} (${to.scope})`)

/** One effect as a line of text. */
export function describeEffect(effect: Effect): string {
  switch (effect.type) {
    case 'history': {
      const { entry } = effect
      const who = entry.onBehalfOf ? `${entry.actor} for ${entry.onBehalfOf}` : entry.actor
      const reason = entry.reason ? ` (${entry.reason})` : ''
      const detail = entry.detail ? ` ${JSON.stringify(entry.detail)}` : ''
      return entry.action === 'entered'
        ? `entered ${entry.state}`
        : `${who}: ${entry.action} in ${entry.state}${reason}${detail}`
    }
    case 'action': {
      const { action } = effect
      switch (action.type) {
        case 'notify':
          return `notify ${action.to.map(recipient).join(', ')} with "${action.template}"`
        case 'webhook':
          return `webhook ${action.event}`
        case 'setField':
          return `set ${action.field} = ${JSON.stringify(action.value)}`
        case 'createTask':
          return `task "${action.title}" for ${recipient(action.assignee)}${action.due ? `, due in ${action.due}` : ''}`
      }
      break
    }
    case 'scheduleTimer':
      return `${effect.timer} timer armed for ${effect.state}`
    case 'notify':
      return `notify ${effect.users.join(', ') || 'nobody'} (${effect.reason})`
  }
}

/** The effects worth a line in the panel: history entries of entering are the path's, shown there. */
export function visibleEffects(result: SimulationResult): SimulationResult['effects'] {
  return result.effects.filter(({ effect }) => !(effect.type === 'history' && effect.entry.action === 'entered'))
}
