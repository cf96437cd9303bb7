import { withPayload } from '@payloadcms/next/withPayload'

/**
 * Next serves only Payload's admin UI (src/app/(payload)); express is the HTTP host, and
 * `npm run typecheck` checks the types, so the build does not do it again.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
