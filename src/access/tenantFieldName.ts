/**
 * The name of the tenant field of every tenant-owned collection. Apart from tenantOwned.ts so that
 * browser code (the admin's record components) can name it without importing server code.
 */
export const TENANT_FIELD = 'tenant'
