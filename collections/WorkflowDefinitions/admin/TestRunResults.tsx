'use client'
/**
 * A test run's answer, as the test-run panel shows it: the path taken, each scripted event
 * accepted or refused, the SLA timers and what became of them, and every effect, at offsets from
 * the start of the run.
 */
import React from 'react'
import { Banner } from '@payloadcms/ui'
import { describeEffect, offsetText, visibleEffects, type SimulationResult } from './testRunResult'

/** What each kind of effect is called in the list. */
const EFFECT_KINDS: Record<SimulationResult['effects'][number]['effect']['type'], string> = {
  history: 'history',
  action: 'entry action',
  scheduleTimer: 'timer',
  notify: 'notify',
}

/** What a test run answered: the path, each scripted event, the SLA timeline and the effects. */
export function TestRunResults({ result, start }: { result: SimulationResult; start: string }) {
  const effects = visibleEffects(result)
  return (
    <div className="wf-results" aria-label="Test run result" role="region">
      {result.startRefusal && <Banner type="error">The request could not start: {result.startRefusal.message}</Banner>}
      <h5>Path</h5>
      <ol className="wf-path" aria-label="Path taken">
        {result.path.map((state, i) => (
          <li key={i}>
            <span>{state}</span>
          </li>
        ))}
      </ol>
      {result.instance && (
        <p className="wf-note">
          Ends in <strong>{result.instance.state}</strong>
          {result.instance.assignees.length > 0 && <> waiting for {result.instance.assignees.join(', ')}</>}, data{' '}
          <code>{JSON.stringify(result.instance.data)}</code>
        </p>
      )}
      <h5>Events</h5>
      <table className="wf-table">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Event</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {result.steps.map((step, i) => (
            <tr key={i} className={step.refusal ? 'wf-table__refused' : undefined}>
              <td>{offsetText(start, step.at)}</td>
              <td>{step.actor}</td>
              <td>{step.event}</td>
              <td>{step.refusal ? `Refused (${step.refusal.id}): ${step.refusal.message}` : 'Accepted'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h5>SLA timeline</h5>
      {result.timeline.length === 0 ? (
        <p className="wf-note">No step on this path has an SLA.</p>
      ) : (
        <table className="wf-table" aria-label="SLA timeline">
          <thead>
            <tr>
              <th>Due</th>
              <th>Timer</th>
              <th>Step</th>
              <th>What happened</th>
            </tr>
          </thead>
          <tbody>
            {result.timeline.map((entry, i) => (
              <tr key={i}>
                <td>{offsetText(start, entry.at)}</td>
                <td>{entry.timer}</td>
                <td>{entry.state}</td>
                <td>
                  {entry.outcome === 'ignored'
                    ? 'ignored (the step had ended)'
                    : entry.outcome === 'pending'
                      ? 'not due yet'
                      : 'fired'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h5>Effects</h5>
      <ul className="wf-effects">
        {effects.map(({ at, effect }, i) => (
          <li key={i}>
            <span className="wf-effects__at">{offsetText(start, at)}</span>
            <span className={`wf-effects__kind wf-effects__kind--${effect.type}`}>{EFFECT_KINDS[effect.type]}</span>
            {describeEffect(effect)}
          </li>
        ))}
      </ul>
    </div>
  )
}
