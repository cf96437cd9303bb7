/**
 * Where the admin UI gets Monaco, the code editor of Payload's `json` and `code` fields. Its loader
 * fetches it from a CDN by default, which the admin's Content-Security-Policy refuses and offline
 * installations cannot reach; Atrium serves the copy installed with Payload instead.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../config/paths'

/** Monaco's AMD build ("vs"), the one folder the asset route serves. */
export const MONACO_VS_DIR = path.join(PROJECT_ROOT, 'node_modules', 'monaco-editor', 'min', 'vs')

const { version } = JSON.parse(readFileSync(path.join(MONACO_VS_DIR, '..', '..', 'package.json'), 'utf8')) as {
  version: string
}

/** The URL path of that folder. It names the version: its files never change, so browsers keep them for good. */
export const MONACO_VS_URL = `/_atrium/monaco/${version}/vs`
