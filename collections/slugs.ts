/** Slugs of the platform's collections: the only place they are spelled out. */
export const Slugs = {
  users: 'users',
  tenants: 'tenants',
  roles: 'roles',
  media: 'media',
  recordTypes: 'record-types',
  recordTypeMigrations: 'record-type-migrations',
  records: 'records',
  integrationAccounts: 'integration-accounts',
  idempotencyKeys: 'idempotency-keys',
  workflowDefinitions: 'workflow-definitions',
  requestTypes: 'request-types',
  requests: 'requests',
  workflowEvents: 'workflow-events',
  delegations: 'delegations',
  tasks: 'tasks',
  outgoingEvents: 'outgoing-events',
  workflowEffectRuns: 'workflow-effect-runs',
  templates: 'templates',
  pages: 'pages',
  notificationRules: 'notification-rules',
  notifications: 'notifications',
  notificationPreferences: 'notification-preferences',
  notificationDeliveries: 'notification-deliveries',
  userIdentities: 'user-identities',
  signInEvents: 'sign-in-events',
  signInTokens: 'sign-in-tokens',
} as const

/** A slug of one of the platform's collections. */
export type PlatformSlug = (typeof Slugs)[keyof typeof Slugs]

/** Slugs of the platform's globals (one document each). */
export const GlobalSlugs = {
  securitySettings: 'security-settings',
} as const
