'use client'
/**
 * The "Test run" panel: sample data, candidates and a script of events, sent with the definition
 * being edited to POST /api/workflow-definitions/simulate (which writes nothing), and the answer:
 * the path taken, each scripted event accepted or refused, the effects and the SLA timeline.
 */
import React, { useState } from 'react'
import { Banner, Button, useConfig } from '@payloadcms/ui'
import { Slugs } from '../../slugs'
import { RowList, SelectControl, StringControl } from './controls'
import type { DraftDefinition } from './definitionDraft'
import {
  SCRIPT_EVENTS,
  simulationBody,
  testRunDefaults,
  type CandidateRow,
  type ScriptRow,
  type TestRunInputs,
} from './testRunDefaults'
import type { SimulationResult } from './testRunResult'
import { TestRunResults } from './TestRunResults'
import './workflowTestRun.scss'

/** Props of {@link TestRun}. */
export interface TestRunProps {
  /** the definition being edited, its key filled in */
  definition: DraftDefinition
  /** called with the path of the last run, for the diagram to highlight */
  onPath: (path: string[]) => void
}

type Outcome =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; result: SimulationResult }
  | { state: 'failed'; message: string }

/** An ISO time as a datetime-local input shows it, in UTC. */
const localOf = (iso: string) => iso.slice(0, 16)
const isoOf = (local: string) => (local ? `${local}:00.000Z` : '')

function TimeControl({
  id,
  label,
  value,
  onChange,
}: {
  id: string
  label: string
  value: string
  onChange: (iso: string) => void
}) {
  return (
    <div className="wf-control">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={localOf(value)}
        onChange={(event) => onChange(isoOf(event.target.value))}
      />
    </div>
  )
}

/** The test-run button and panel. */
export function TestRun({ definition, onPath }: TestRunProps) {
  const { config } = useConfig()
  const [inputs, setInputs] = useState<TestRunInputs | undefined>()
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' })
  const set = <K extends keyof TestRunInputs>(key: K, value: TestRunInputs[K]) =>
    setInputs((current) => (current ? { ...current, [key]: value } : current))

  const run = async (current: TestRunInputs) => {
    const body = simulationBody(definition, current)
    if (!body.ok) return setOutcome({ state: 'failed', message: body.message })
    setOutcome({ state: 'running' })
    try {
      const response = await fetch(
        `${config.serverURL ?? ''}${config.routes.api}/${Slugs.workflowDefinitions}/simulate`,
        {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body.body),
        },
      )
      const json = (await response.json().catch(() => undefined)) as
        | (SimulationResult & { error?: { message?: string } })
        | undefined
      if (!response.ok || !json) {
        setOutcome({ state: 'failed', message: json?.error?.message ?? `The server answered ${response.status}` })
        onPath([])
        return
      }
      setOutcome({ state: 'done', result: json })
      onPath(json.path)
    } catch (error) {
      setOutcome({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }

  if (!inputs)
    return (
      <div className="wf-testrun wf-testrun--closed">
        <Button buttonStyle="secondary" margin={false} onClick={() => setInputs(testRunDefaults(definition))}>
          Test run
        </Button>
        <span className="wf-note">Run this definition on sample data and a script of events; nothing is saved.</span>
      </div>
    )
  const roles = [...new Set(inputs.candidates.map((c) => c.role))]
  return (
    <section className="wf-testrun" aria-label="Test run">
      <div className="wf-testrun__head">
        <h4>Test run</h4>
        <span className="wf-note">A fake clock; nothing is saved or sent.</span>
        <Button buttonStyle="subtle" size="small" margin={false} onClick={() => setInputs(testRunDefaults(definition))}>
          Reset inputs
        </Button>
        <Button
          buttonStyle="subtle"
          size="small"
          margin={false}
          onClick={() => {
            setInputs(undefined)
            setOutcome({ state: 'idle' })
            onPath([])
          }}
        >
          Close
        </Button>
      </div>
      <div className="wf-grid">
        <StringControl
          id="wf-run-requester"
          label="Requester"
          value={inputs.requester}
          onChange={(v) => set('requester', v)}
        />
        <TimeControl id="wf-run-start" label="Start (UTC)" value={inputs.start} onChange={(v) => set('start', v)} />
        <TimeControl
          id="wf-run-until"
          label="Run the clock until (UTC)"
          value={inputs.until}
          onChange={(v) => set('until', v)}
        />
      </div>
      <div className="wf-control">
        <label htmlFor="wf-run-data">Sample data (JSON)</label>
        <textarea
          id="wf-run-data"
          rows={Math.min(8, inputs.sampleData.split('\n').length + 1)}
          value={inputs.sampleData}
          onChange={(event) => set('sampleData', event.target.value)}
        />
      </div>
      <h5>Candidates</h5>
      <p className="wf-note">The people who hold the roles the steps assign. Limit: a number, “unlimited”, or blank.</p>
      <RowList<CandidateRow>
        table
        items={inputs.candidates}
        addLabel="Add candidate"
        removeLabel={(i) => `Remove candidate ${i + 1}`}
        onChange={(candidates) => set('candidates', candidates)}
        make={() => ({ id: '', role: roles[0] ?? '', scope: 'client', limit: '' })}
        render={(c, i, change) => (
          <>
            <StringControl
              id={`wf-run-cand-${i}-id`}
              label="Person"
              value={c.id}
              onChange={(id) => change({ ...c, id })}
            />
            <StringControl
              id={`wf-run-cand-${i}-role`}
              label="Role"
              value={c.role}
              onChange={(role) => change({ ...c, role })}
            />
            <SelectControl
              id={`wf-run-cand-${i}-scope`}
              label="Side"
              value={c.scope}
              options={['client', 'vendor']}
              onChange={(scope) => change({ ...c, scope: scope as CandidateRow['scope'] })}
            />
            <StringControl
              id={`wf-run-cand-${i}-limit`}
              label="Limit"
              value={c.limit}
              onChange={(limit) => change({ ...c, limit })}
            />
          </>
        )}
      />
      <h5>Script</h5>
      <p className="wf-note">
        What people do, and when. SLA reminders and breaches fire by themselves as the clock passes them.
      </p>
      <RowList<ScriptRow>
        table
        items={inputs.script}
        addLabel="Add event"
        removeLabel={(i) => `Remove event ${i + 1}`}
        onChange={(script) => set('script', script)}
        make={() => ({
          at: inputs.script.at(-1)?.at ?? inputs.start,
          actor: inputs.candidates[0]?.id ?? inputs.requester,
          event: 'approve',
          detail: '',
        })}
        render={(row, i, change) => (
          <>
            <TimeControl
              id={`wf-run-step-${i}-at`}
              label="Time (UTC)"
              value={row.at}
              onChange={(at) => change({ ...row, at })}
            />
            <StringControl
              id={`wf-run-step-${i}-actor`}
              label="Actor"
              value={row.actor}
              onChange={(actor) => change({ ...row, actor })}
            />
            <SelectControl
              id={`wf-run-step-${i}-event`}
              label="Event"
              value={row.event}
              options={SCRIPT_EVENTS}
              onChange={(event) => change({ ...row, event: event as ScriptRow['event'] })}
            />
            <StringControl
              id={`wf-run-step-${i}-detail`}
              label={row.event === 'comment' ? 'Comment' : 'Reason code'}
              value={row.detail}
              onChange={(detail) => change({ ...row, detail })}
            />
          </>
        )}
      />
      <div className="wf-testrun__run">
        <Button
          buttonStyle="primary"
          margin={false}
          disabled={outcome.state === 'running'}
          onClick={() => void run(inputs)}
        >
          {outcome.state === 'running' ? 'Running…' : 'Run'}
        </Button>
      </div>
      {outcome.state === 'failed' && (
        <div role="alert">
          <Banner type="error">{outcome.message}</Banner>
        </div>
      )}
      {outcome.state === 'done' && <TestRunResults result={outcome.result} start={inputs.start} />}
    </section>
  )
}
