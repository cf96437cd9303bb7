import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The checkout's root folder (where package.json is). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
