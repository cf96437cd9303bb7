/**
 * A test run of a definition: sample data and a script of events on a fake clock, through the
 * same `transition` a live request uses. SLA timers the steps arm fire when the clock passes
 * them, so the run shows reminders, escalations and stale timers as they would happen. Pure:
 * nothing is written anywhere.
 */
import type { Definition } from './definition'
import { start, transition } from './transition'
import type { Actor, Candidate, Effect, Instance, Refusal, TimerKind, WorkflowEvent } from './types'
import { SYSTEM_ACTOR } from './types'

const time = (iso: string) => Date.parse(iso)

/** One scripted event: who does what, when. */
export interface ScriptStep {
  at: string
  actor: Actor
  event: WorkflowEvent
}

/** How a simulation starts and how long its clock runs. */
export interface SimulationOptions {
  /** when the request is created */
  start: string
  /** the requester's id */
  requester: string
  /** run the clock to here after the script (timers due by then fire); default: the last step's time */
  until?: string
}

/** A timer the run armed, and what became of it. */
export interface TimelineEntry {
  timer: TimerKind
  state: string
  epoch: number
  at: string
  outcome: 'fired' | 'ignored' | 'pending'
}

/** What a simulation shows. */
export interface SimulationResult {
  /** the states entered, in order (decisions included) */
  path: string[]
  /** each scripted step and whether it was accepted */
  steps: { at: string; actor: string; event: WorkflowEvent['type']; refusal?: Refusal }[]
  /** every effect, with the time it happened */
  effects: { at: string; effect: Effect }[]
  /** the SLA timers, in the order they were armed */
  timeline: TimelineEntry[]
  /** the request at the end, or undefined when it could not even start */
  instance?: Instance
  /** why the request could not start */
  startRefusal?: Refusal
}

/** Runs `script` against `definition` and `sampleData` on a fake clock. */
export function simulate(
  definition: Definition,
  sampleData: Record<string, unknown>,
  script: ScriptStep[],
  candidates: Candidate[],
  options: SimulationOptions,
): SimulationResult {
  const result: SimulationResult = { path: [], steps: [], effects: [], timeline: [] }
  const observe = (at: string, effects: Effect[]) => {
    for (const effect of effects) {
      result.effects.push({ at, effect })
      if (effect.type === 'history' && effect.entry.action === 'entered') result.path.push(effect.entry.state)
      if (effect.type === 'scheduleTimer')
        result.timeline.push({
          timer: effect.timer,
          state: effect.state,
          epoch: effect.epoch,
          at: effect.at,
          outcome: 'pending',
        })
    }
  }
  const started = start(definition, sampleData, options.requester, {
    actor: { id: options.requester, roles: [] },
    candidates,
    now: options.start,
  })
  if (!started.ok) return { ...result, startRefusal: started.refusal }
  observe(options.start, started.effects)
  let instance = started.next

  /** Fires, in time order, every pending timer due by `until`. */
  const runClockTo = (until: string) => {
    for (;;) {
      const due = result.timeline
        .filter((entry) => entry.outcome === 'pending' && time(entry.at) <= time(until))
        .sort((a, b) => time(a.at) - time(b.at))[0]
      if (!due) return
      const fired = transition(
        definition,
        instance,
        { type: 'timer', timer: due.timer, epoch: due.epoch },
        { actor: SYSTEM_ACTOR, candidates, now: due.at },
      )
      const ignored = !fired.ok || fired.effects.some((e) => e.type === 'history' && e.entry.action === 'timerIgnored')
      due.outcome = ignored ? 'ignored' : 'fired'
      if (fired.ok) {
        observe(due.at, fired.effects)
        instance = fired.next
      }
    }
  }

  for (const step of [...script].sort((a, b) => time(a.at) - time(b.at))) {
    runClockTo(step.at)
    const outcome = transition(definition, instance, step.event, { actor: step.actor, candidates, now: step.at })
    result.steps.push({
      at: step.at,
      actor: step.actor.id,
      event: step.event.type,
      ...(outcome.ok ? {} : { refusal: outcome.refusal }),
    })
    if (!outcome.ok) continue
    observe(step.at, outcome.effects)
    instance = outcome.next
  }
  runClockTo(options.until ?? script.at(-1)?.at ?? options.start)
  return { ...result, instance }
}
