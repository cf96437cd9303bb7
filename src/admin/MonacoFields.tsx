'use client'
/**
 * Payload's own json and code fields, shown once Monaco has been loaded from Atrium itself.
 *
 * Payload's editor bundles a private copy of Monaco's loader, which fetches Monaco from a CDN and
 * cannot be configured from outside. That copy uses `window.monaco` when it is already there, so
 * these fields load Monaco first, from the path the server passes in (see monacoAssets.ts), with
 * a loader of our own, and only then render Payload's field.
 */
import loader from '@monaco-editor/loader'
import { CodeField, JSONField, ShimmerEffect } from '@payloadcms/ui'
import type { CodeFieldClientProps, JSONFieldClientProps } from 'payload'
import React, { useEffect, useState } from 'react'

/** What the server adds to the field's own props. */
interface MonacoProps {
  /** URL path of Monaco's "vs" folder. */
  vsPath: string
}

let loading: Promise<unknown> | undefined

// One load per page, shared by every field on it; editor.main sets window.monaco for Payload's loader.
function loadMonaco(vsPath: string): Promise<unknown> {
  if (!loading) {
    loader.config({ paths: { vs: vsPath } })
    loading = loader.init()
  }
  return loading
}

type LoadState = 'loading' | 'ready' | 'failed'

function useMonaco(vsPath: string): LoadState {
  const [state, setState] = useState<LoadState>('loading')
  useEffect(() => {
    let current = true
    loadMonaco(vsPath).then(
      () => current && setState('ready'),
      (error: unknown) => {
        console.error('Monaco could not be loaded', error)
        if (current) setState('failed')
      },
    )
    return () => {
      current = false
    }
  }, [vsPath])
  return state
}

function Pending({ state }: { state: LoadState }): React.ReactElement {
  return state === 'failed' ? <p className="field-type">The code editor could not be loaded.</p> : <ShimmerEffect />
}

/** Payload's JSON field, once Monaco is loaded. */
export function MonacoJsonField({ vsPath, ...props }: JSONFieldClientProps & MonacoProps): React.ReactElement {
  const state = useMonaco(vsPath)
  return state === 'ready' ? <JSONField {...props} /> : <Pending state={state} />
}

/** Payload's code field, once Monaco is loaded. */
export function MonacoCodeField({ vsPath, ...props }: CodeFieldClientProps & MonacoProps): React.ReactElement {
  const state = useMonaco(vsPath)
  return state === 'ready' ? <CodeField {...props} /> : <Pending state={state} />
}
