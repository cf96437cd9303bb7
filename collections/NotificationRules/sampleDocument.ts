/** A valid rule of `tenant` for suites generated from the config. */
export const sampleNotificationRule = (tenant: number | string): Record<string, unknown> => ({
  tenant,
  name: 'Sample rule',
  event: 'request.approved',
  recipients: [{ kind: 'requester' }],
})
