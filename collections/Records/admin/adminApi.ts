'use client'
/**
 * The admin's record components read through Payload's REST API as the signed-in staff member
 * (the session cookie), so every read passes the one access path like any other request.
 */
import { useConfig } from '@payloadcms/ui'
import { useCallback, useEffect, useState } from 'react'
import { Slugs } from '../../slugs'
import type { RecordId } from '../../../src/records/fieldKinds'
import { parseRecordType, type RecordTypeDefinition } from '../../../src/records/typeDefinition'

/** Query parameters, flattened the way Payload reads them: `where[type][equals]`. Blank ones are left out. */
export type QueryParams = Record<string, string | number | undefined>

/** GET `path` under the API route; resolves with the JSON body, rejects with the answer's message. */
export type ApiGet = <T>(path: string, params?: QueryParams) => Promise<T>

/** A page of documents as Payload's REST API and /api/records/query answer. */
export interface Page<T> {
  docs: T[]
  totalDocs: number
  page?: number
  totalPages: number
}

/** A record as the list and the reference picker read it. */
export interface RecordRow {
  id: RecordId
  title?: string | null
  tenant?: RecordId | { id: RecordId } | null
  data?: Record<string, unknown> | null
  updatedAt?: string
}

/** A record type ready for the form: its definition, normalised, and its id. */
export type AdminRecordType = RecordTypeDefinition & { id: RecordId }

/** A line of the type pickers. */
export interface RecordTypeOption {
  id: RecordId
  key: string
  singularLabel: string
  pluralLabel: string
}

/** What went wrong, in the words of the server's error envelope when it sent one. */
function messageOf(body: unknown, status: number): string {
  const envelope = body as { error?: { message?: string }; errors?: { message?: string }[] } | undefined
  return envelope?.error?.message ?? envelope?.errors?.[0]?.message ?? `The server answered ${status}`
}

/** The GET function of the admin's API, bound to the configured API route. */
export function useApiGet(): ApiGet {
  const { config } = useConfig()
  const base = `${config.serverURL ?? ''}${config.routes.api}`
  return useCallback(
    async <T>(path: string, params: QueryParams = {}): Promise<T> => {
      const query = new URLSearchParams()
      for (const [name, value] of Object.entries(params)) {
        if (value !== undefined && value !== '') query.set(name, String(value))
      }
      const response = await fetch(`${base}${path}${query.size > 0 ? `?${query}` : ''}`, {
        credentials: 'include',
        headers: { accept: 'application/json' },
      })
      const body: unknown = await response.json().catch(() => undefined)
      if (!response.ok) throw new Error(messageOf(body, response.status))
      return body as T
    },
    [base],
  )
}

/** The state of something loaded: nothing asked yet, on its way, there, or why not. */
export type Loaded<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'failed'; message: string }

/**
 * Loads `load()` whenever `key` changes (nothing while it is undefined); a later key wins over an
 * earlier answer that arrives late.
 */
export function useLoaded<T>(key: string | undefined, load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'idle' })
  useEffect(() => {
    if (key === undefined) {
      setLoaded({ state: 'idle' })
      return
    }
    let current = true
    setLoaded({ state: 'loading' })
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) =>
        current && setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
    return () => {
      current = false
    }
    // `load` is a new function on every render; `key` alone says when it loads something else.
  }, [key])
  return loaded
}

/**
 * Types seen in this browser tab, by id: a page that opens shows the last known definition at
 * once while it asks the server again, instead of "Loading…" after every save and navigation.
 */
const typeCache = new Map<string, AdminRecordType>()

/** The record type with id `typeId`, parsed with the same rules that saved it. */
export function useRecordType(typeId: RecordId | undefined): Loaded<AdminRecordType> {
  const get = useApiGet()
  const key = typeId === undefined ? undefined : String(typeId)
  const loaded = useLoaded(key, async () => {
    const doc = await get<{ id: RecordId }>(`/${Slugs.recordTypes}/${encodeURIComponent(String(typeId))}`, {
      depth: 0,
    })
    const parsed = parseRecordType(doc)
    if (!parsed.ok) throw new Error('This record type does not parse; open it and save it again')
    const type = { ...parsed.type, id: doc.id }
    typeCache.set(String(doc.id), type)
    return type
  })
  const cached = key === undefined ? undefined : typeCache.get(key)
  return loaded.state === 'loading' && cached ? { state: 'ready', value: cached } : loaded
}

/** Every record type the staff member can read, by plural label, for the pickers. */
export function useRecordTypeOptions(): Loaded<RecordTypeOption[]> {
  const get = useApiGet()
  return useLoaded('all', async () => {
    const page = await get<Page<RecordTypeOption>>(`/${Slugs.recordTypes}`, {
      depth: 0,
      limit: 100,
      sort: 'pluralLabel',
      'select[key]': 'true',
      'select[singularLabel]': 'true',
      'select[pluralLabel]': 'true',
    })
    return page.docs
  })
}
