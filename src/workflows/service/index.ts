/**
 * The workflow service: the Local API of requests, for Atrium's endpoints and for plugins alike.
 * Every operation acts as a signed-in user through the rules (overrideAccess is false for
 * everything read on their behalf); see README.md in the folder above.
 */
export { actOnRequest, type ActOptions } from './act'
export type { Caller } from './context'
export { migrateRequests, type MigrationInput, type MigrationResult } from './migrate'
export { pendingApprovals, requestHistory, type PendingApproval } from './queries'
export { maySubmit, submitRequest, type SubmitInput } from './submit'
export { requestForm } from './requestData'
export { workflowTasks } from './effectTasks'
